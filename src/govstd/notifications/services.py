"""The daily reminder digest (R-X-3): compute it from every registered deadline source, e-mail it once.

:func:`reminders_compute` may run any number of times a day: each person has one digest per
day and each deadline one line in it, so a second run adds only what is new. A digest is
e-mailed when it holds a deadline the person has not been e-mailed before; one that only
repeats what was sent stays on the home page without a mail.

:func:`reminders_send` e-mails each digest at most once and only after the digest is
committed: claim (its own transaction) → send (no transaction open) → mark sent or failed (its
own transaction). A failed send is retried on the next run; digests already sent are not sent
again. A process killed between the send and the mark leaves the digest ``sending`` — it is
not retried, because the mail may have gone out; its lines are still on the home page.
"""

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.dates import message_date

from .models import Digest, Reminder
from .registry import Line, deadline_sources

logger = logging.getLogger(__name__)

MAX_LINES_PER_KIND = 5  # more deadlines of one kind for one person are summed up in one line
RETENTION_DAYS = 60  # older digests are deleted; their deadlines, if still open, are news again
MAX_ATTEMPTS = 5  # a digest that failed this often stays failed (shown in the admin)
STOP_AFTER_FAILURES = 3  # consecutive failures: the mail server is down, the rest wait for the next run


def _digest_lines(today: dt.date) -> dict[int, list[Line]]:
    """Ask every registered source for today's lines and group them per person, summing up long runs."""
    grouped: dict[int, dict[tuple[str, str], dict[str, Line]]] = defaultdict(lambda: defaultdict(dict))
    for source in deadline_sources:
        for line in source.lines(today):
            for person in line.recipients:
                grouped[person][(source.key, line.kind)].setdefault(line.key, line)
    people: dict[int, list[Line]] = {}
    for person, groups in grouped.items():
        lines: list[Line] = []
        for (source_key, kind), found in groups.items():
            summary = deadline_sources.get(source_key).summary
            if summary is not None and len(found) > MAX_LINES_PER_KIND:
                lines.append(summary(kind, sorted(found.values(), key=lambda line: (line.due_date, line.key))))
            else:
                lines.extend(found.values())
        people[person] = lines
    return people


@transaction.atomic
def reminders_compute(*, today: dt.date | None = None) -> int:
    """Write today's digest lines that do not exist yet; return how many lines were new."""
    today = today or timezone.localdate()
    by_person = _digest_lines(today)
    active = set(get_user_model().objects.filter(pk__in=by_person, is_active=True).values_list("pk", flat=True))
    Digest.objects.bulk_create([Digest(recipient_id=p, day=today) for p in sorted(active)], ignore_conflicts=True)
    digests = {d.recipient_id: d for d in Digest.objects.filter(day=today, recipient_id__in=active)}
    dismissed = set(Reminder.objects.filter(recipient_id__in=active, dismissed_at__isnull=False)
                    .values_list("recipient_id", "key"))
    now = timezone.now()
    rows = [
        Reminder(digest=digests[person], recipient_id=person, kind=line.kind, key=line.key[:160], count=line.count,
                 subject=line.text[:300], route=line.link.route, route_args=list(line.link.args),
                 query=[list(pair) for pair in line.link.query], due_date=line.due_date,
                 dismissed_at=now if (person, line.key[:160]) in dismissed else None)
        for person in sorted(active) for line in by_person[person]
    ]
    before = Reminder.objects.filter(digest__day=today).count()
    Reminder.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    created = Reminder.objects.filter(digest__day=today).count() - before
    _decide_what_to_email(today=today)
    Digest.objects.filter(day__lt=today - dt.timedelta(days=RETENTION_DAYS)).delete()
    return created


def _decide_what_to_email(*, today: dt.date) -> None:
    """Mark today's unsent digests ``pending`` when they hold a deadline never e-mailed to the person."""
    open_digests = Digest.objects.filter(day=today, state__in=[Digest.State.QUIET, Digest.State.PENDING])
    lines = Reminder.objects.filter(digest__in=open_digests, dismissed_at__isnull=True)
    mailed = set(Reminder.objects.filter(recipient_id__in=lines.values("recipient_id"), digest__state=Digest.State.SENT)
                 .values_list("recipient_id", "key"))
    with_email = set(open_digests.exclude(recipient__email="").values_list("pk", flat=True))
    news = {digest_id for digest_id, person, key in lines.values_list("digest_id", "recipient_id", "key")
            if (person, key) not in mailed and digest_id in with_email}
    open_digests.filter(pk__in=news).update(state=Digest.State.PENDING)
    open_digests.exclude(pk__in=news).update(state=Digest.State.QUIET)
    # An earlier digest still failing is not retried once today's goes out instead: what it held and is
    # still due is news in today's, so the person gets one mail, not yesterday's and today's.
    Digest.objects.filter(state=Digest.State.FAILED, day__lt=today,
                          recipient__digests__day=today, recipient__digests__state=Digest.State.PENDING
                          ).update(state=Digest.State.QUIET)


def reminders_send() -> int:
    """E-mail every digest waiting to be sent, each at most once; return how many e-mails went out.

    Call it outside any transaction (the daily job does): each digest is claimed and marked in
    transactions of its own, and the mail leaves between them.
    """
    sent = failures = 0
    tried: set[int] = set()
    connection = get_connection(fail_silently=False)
    while failures < STOP_AFTER_FAILURES:
        digest = _claim_next(exclude=tried)
        if digest is None:
            break
        tried.add(digest.pk)
        try:
            _message(digest, connection).send()
        except Exception as error:  # whatever the mail system raises is recorded, and retried next run
            logger.warning("Reminder digest %s not e-mailed: %s", digest.pk, error)
            connection.close()
            _mark(digest, state=Digest.State.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000])
            failures += 1
            continue
        _mark(digest, state=Digest.State.SENT, sent_at=timezone.now(), last_error="")
        sent += 1
        failures = 0
    connection.close()
    return sent


def _claim_next(*, exclude: set[int]) -> Digest | None:
    """Take the next digest to e-mail; the conditional update commits the claim, so no other
    sender takes it and a rollback elsewhere cannot undo it."""
    waiting = (Digest.objects.filter(Q(state=Digest.State.PENDING) |
                                     Q(state=Digest.State.FAILED, attempts__lt=MAX_ATTEMPTS))
               .exclude(pk__in=exclude).order_by("day", "pk").values_list("pk", "state"))
    for pk, state in waiting[:50]:
        with transaction.atomic():
            claimed = Digest.objects.filter(pk=pk, state=state).update(
                state=Digest.State.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
        if claimed:
            return Digest.objects.select_related("recipient").get(pk=pk)
        exclude.add(pk)
    return None


def _mark(digest: Digest, **fields) -> None:
    with transaction.atomic():
        Digest.objects.filter(pk=digest.pk, state=Digest.State.SENDING).update(**fields)


def _message(digest: Digest, connection) -> EmailMessage:
    """The digest as an e-mail: one line per deadline with its full address."""
    lines = list(digest.lines.filter(dismissed_at__isnull=True).order_by("due_date", "id"))
    person = digest.recipient
    site = settings.GOVSTD_SITE_URL.rstrip("/")
    body = [_("Dear %(name)s:") % {"name": person.get_full_name() or person.get_username()}, "",
            _("As of %(day)s you have these things to do:") % {"day": message_date(digest.day)}, ""]
    body += [f"· {line.subject}\n  {line.link.absolute()}" for line in lines]
    body += ["", _("See and handle them on the platform's home page: %(url)s") % {"url": f"{site}/"}]
    subject = _("[Standardization platform] Reminders for %(day)s (%(count)s)") % {
        "day": message_date(digest.day), "count": len(lines)}
    return EmailMessage(subject, "\n".join(body),
                        settings.DEFAULT_FROM_EMAIL, [person.email], connection=connection)


@transaction.atomic
def reminder_dismiss(*, reminder: Reminder, acting_user) -> None:
    """Hide a line for its recipient, today and on later days while the deadline stays the same."""
    if reminder.recipient_id != acting_user.pk or reminder.dismissed_at is not None:
        return
    reminder.dismissed_at = timezone.now()
    reminder.save(update_fields=["dismissed_at"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=reminder,
                 changes={"dismissed_at": [None, reminder.dismissed_at.isoformat()]}, message="提醒已处理")

