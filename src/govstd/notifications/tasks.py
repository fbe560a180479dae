"""The daily job, run by the django-tasks database worker (``govstd db_worker``) after
``govstd daily-jobs`` enqueues it, or in-process with ``govstd daily-jobs --now``."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_tasks import task

from .registry import daily_steps
from .services import reminders_compute, reminders_send


@task()
def run_daily_jobs(today: str | None = None) -> dict:
    """Run every app's daily steps, then compute the reminder digests from every deadline source and
    e-mail them (after the digests are committed); safe to run more than once a day."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    result = {step.key: step.run(day) for step in daily_steps}
    result["reminders"] = reminders_compute(today=day)
    result["emails"] = reminders_send()
    return result


def daily_report(result: dict) -> str:
    """The job's result in words, as the CLI prints it."""
    steps = [step.report.format(count=result.get(step.key, 0)) for step in daily_steps]
    steps += [_("%(count)s new reminders") % {"count": result["reminders"]},
              _("%(count)s e-mails sent") % {"count": result["emails"]}]
    return pgettext("punctuation", ", ").join(steps) + pgettext("punctuation", ".")
