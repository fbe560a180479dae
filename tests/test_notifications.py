"""The reminder digest and the notification registry (R-X-3): one digest per person per day, built
from every registered deadline source, e-mailed after it commits and at most once."""

import datetime as dt
import smtplib
import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connections, transaction
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone

from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Role
from govstd.lifecycle.states import Stage
from govstd.notifications.models import Digest, Reminder
from govstd.notifications.registry import DeadlineSource, Line, Link, Panel, deadline_sources, home_panels
from govstd.notifications.selectors import open_reminders
from govstd.notifications.services import MAX_LINES_PER_KIND, reminder_dismiss, reminders_compute, reminders_send
from govstd.notifications.tasks import run_daily_jobs

from .lifecycle_factories import advance, new_project
from .standard_factories import many_due_standards

pytestmark = pytest.mark.django_db


def commenting_project(users, *, ends_in: int = 2):
    """A project out for comment whose period ends in ``ends_in`` days and whose plan deadline is near."""
    today = timezone.localdate()
    project = advance(new_project(users, planned_completion=today + dt.timedelta(days=10)), Stage.COMMENTING,
                      users, comments=0)
    project.comment_periods.update(end_date=today + dt.timedelta(days=ends_in))
    return project


@pytest.fixture
def registered_source():
    """Register a deadline source the way another app would (clause 8's findings, say), then remove it."""
    added: list[str] = []

    def register(source: DeadlineSource) -> DeadlineSource:
        added.append(source.key)
        return deadline_sources.register(source)

    yield register
    for key in added:
        deadline_sources.unregister(key)


def findings_source(people: frozenset[int], count: int, *, day_key: str = "") -> DeadlineSource:
    """``count`` overdue findings for ``people``, summed up in one line when there are many."""

    def lines(today):
        for n in range(count):
            yield Line(recipients=people, kind="finding_overdue", key=f"finding_overdue:{n}{day_key}",
                       text=f"第{n + 1}项发现问题整改已逾期", link=Link("catalog:standard_detail", (n + 1,)),
                       due_date=today - dt.timedelta(days=n + 1))

    def summary(kind, found):
        return Line(recipients=frozenset(), kind=kind, key=f"{kind}:{len(found)}", text=f"{len(found)} 项发现问题整改逾期",
                    link=Link("catalog:detail_table", query=(("status", "current"),)), due_date=found[0].due_date,
                    count=len(found))

    return DeadlineSource(key="tests.findings", order=90, lines=lines, summary=summary)


def test_the_digest_at_20000_due_standards_is_one_row_per_person(users, demo_catalog):
    """R-X-3, R-7.7-1: 20,000 overdue standards make one digest per person, a few lines, one e-mail each
    (before, each administrator got one row per standard, all in one e-mail)."""
    today = timezone.localdate()
    many_due_standards(20_000, issued=today.replace(year=today.year - 7))
    commenting_project(users)
    created = reminders_compute(today=today)
    assert 0 < created < 20
    people = set(Reminder.objects.values_list("recipient_id", flat=True))
    assert Digest.objects.filter(day=today).count() == len(people)
    assert Digest.objects.count() == len(people)
    office = users[Role.STANDARDIZATION_ADMIN]
    digest = Digest.objects.get(recipient=office, day=today)
    assert digest.lines.count() <= 4 * MAX_LINES_PER_KIND
    overdue = digest.lines.get(kind="periodic_overdue")
    assert overdue.count >= 20_000 and overdue.subject == f"{overdue.count} 项标准复审逾期"
    assert overdue.url == "/periodic-reviews/"

    sent = reminders_send()
    assert sent == len(mail.outbox) == Digest.objects.filter(state=Digest.State.SENT).count() == len(people)
    assert set(Counter(to for m in mail.outbox for to in m.to).values()) == {1}
    office_mail = next(m for m in mail.outbox if office.email in m.to)
    assert f"{overdue.count} 项标准复审逾期\n  http://127.0.0.1:8000/periodic-reviews/" in office_mail.body
    assert reminders_compute(today=today) == 0 and reminders_send() == 0


class FailsOnSecondRecipient(BaseEmailBackend):
    """A mail server that refuses the second message it is handed (an SMTP 550), as a real one does.

    It also notes, for every message, whether a transaction was open in the sending thread and what
    another database connection sees of the digest — which shows whether the claim was committed.
    """

    seen: list[tuple[str, bool, str]] = []
    delivered: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            recipient = message.to[0]
            type(self).seen.append((recipient, transaction.get_connection().in_atomic_block,
                                    _committed_state(recipient)))
            if len(type(self).seen) == 2:
                raise smtplib.SMTPRecipientsRefused({recipient: (550, b"5.1.1 mailbox unavailable")})
            type(self).delivered.append(recipient)
        return len(messages)


def _committed_state(email: str) -> str:
    """Read the digest's state through a connection of another thread: only committed rows show."""
    found: dict[str, str] = {}

    def read():
        try:
            found["state"] = Digest.objects.get(recipient__email=email).state
        finally:
            connections.close_all()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    return found["state"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # data migrations kept
def test_mail_leaves_after_commit_and_at_most_once_when_the_server_fails_halfway(users, settings,
                                                                                  registered_source):
    """R-X-3: each digest is claimed and committed before its mail leaves, outside any transaction; the
    refused one is recorded and retried by the next run, and nobody gets a second copy."""
    people = [users[r] for r in (Role.DRAFTER, Role.REVIEWER, Role.INSPECTOR)]
    registered_source(findings_source(frozenset(p.pk for p in people), 2))
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnSecondRecipient"
    FailsOnSecondRecipient.seen, FailsOnSecondRecipient.delivered = [], []

    result = run_daily_jobs.call()

    assert result["reminders"] == 6 and result["emails"] == 2
    assert [(in_transaction, state) for _, in_transaction, state in FailsOnSecondRecipient.seen] == [
        (False, "sending")] * 3
    refused = FailsOnSecondRecipient.seen[1][0]
    states = dict(Digest.objects.values_list("recipient__email", "state"))
    assert states == {p.email: "failed" if p.email == refused else "sent" for p in people}
    failed = Digest.objects.get(recipient__email=refused)
    assert "550" in failed.last_error and failed.attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[refused]]
    assert reminders_send() == 0 and run_daily_jobs.call()["emails"] == 0
    delivered = Counter([*FailsOnSecondRecipient.delivered, *(m.to[0] for m in mail.outbox)])
    assert delivered == Counter({p.email: 1 for p in people})


def test_links_are_built_when_shown_from_the_site_url(users, demo_catalog, settings, client):
    """R-X-3: a line stores a route, not an address; the page and the e-mail build it when shown."""
    project = commenting_project(users)
    reminders_compute()
    drafter = users[Role.DRAFTER]
    line = Reminder.objects.get(recipient=drafter, kind="comment_ending")
    assert (line.route, line.route_args) == ("lifecycle:project_detail", [project.pk])
    stored = [str(v) for v in Reminder.objects.values_list("subject", "route", "route_args", "query").first()]
    assert not any("http" in value or "/projects/" in value for value in stored)

    settings.GOVSTD_SITE_URL = "https://biaozhun.example.gov.cn/pingtai/"
    reminders_send()
    body = next(m.body for m in mail.outbox if drafter.email in m.to)
    assert "征求意见将于" in body
    assert f"https://biaozhun.example.gov.cn/pingtai/projects/{project.pk}/" in body

    prefix = get_script_prefix()
    try:
        set_script_prefix("/pingtai/")  # the site moved under a path: stored lines follow without a recompute
        assert line.url == f"/pingtai/projects/{project.pk}/"
    finally:
        set_script_prefix(prefix)
    client.force_login(drafter)
    assert f'href="/projects/{project.pk}/"' in client.get("/").content.decode()


def test_another_apps_source_joins_the_digest_and_a_long_run_becomes_one_line(users, registered_source):
    """R-X-3: a source registered by any app is included; 12 deadlines of one kind make one counted line."""
    inspector = users[Role.INSPECTOR]
    registered_source(findings_source(frozenset({inspector.pk}), 12))
    assert reminders_compute() == 1
    line = Reminder.objects.get(recipient=inspector)
    assert (line.kind, line.count, line.subject) == ("finding_overdue", 12, "12 项发现问题整改逾期")
    assert line.url == "/standards/?status=current"

    Reminder.objects.all().delete()
    Digest.objects.all().delete()
    deadline_sources.unregister("tests.findings")
    registered_source(findings_source(frozenset({inspector.pk}), MAX_LINES_PER_KIND))
    reminders_compute()
    assert Reminder.objects.filter(recipient=inspector).count() == MAX_LINES_PER_KIND  # few enough to list


def test_a_dismissed_line_stays_dismissed_and_old_news_is_not_mailed_again(users, demo_catalog, registered_source):
    """R-X-3: the next day's digest keeps what was dismissed hidden and mails only deadlines not mailed before."""
    commenting_project(users)
    today = timezone.localdate()
    drafter = users[Role.DRAFTER]
    reminders_compute(today=today)
    reminders_send()
    ending = Reminder.objects.get(recipient=drafter, kind="comment_ending")
    reminder_dismiss(reminder=ending, acting_user=drafter)
    assert AuditEntry.objects.filter(content_type__model="reminder", object_id=str(ending.pk)).exists()
    mail.outbox.clear()

    tomorrow = today + dt.timedelta(days=1)
    reminders_compute(today=tomorrow)
    lines = Reminder.objects.filter(recipient=drafter, digest__day=tomorrow)
    assert set(lines.values_list("kind", flat=True)) == {"comment_ending", "plan_deadline"}
    assert set(lines.filter(dismissed_at__isnull=True).values_list("kind", flat=True)) == {"plan_deadline"}
    assert Digest.objects.get(recipient=drafter, day=tomorrow).state == Digest.State.QUIET
    assert reminders_send() == 0  # nothing new since yesterday's mail

    registered_source(findings_source(frozenset({drafter.pk}), 1))
    reminders_compute(today=tomorrow)
    assert reminders_send() == 1
    assert mail.outbox[0].to == [drafter.email] and "第1项发现问题整改已逾期" in mail.outbox[0].body


def test_the_tick_on_the_home_page_dismisses_a_line(client, users, demo_catalog):
    """R-X-3: the ✓ button hides the line for its recipient only, and returns to a page of this site."""
    commenting_project(users)
    reminders_compute()
    drafter = users[Role.DRAFTER]
    client.force_login(drafter)
    line = open_reminders(user=drafter).get(kind="comment_ending")
    assert line.subject in client.get("/").content.decode()
    client.force_login(users[Role.REVIEWER])
    assert client.post(f"/reminders/{line.pk}/dismiss/").status_code == 404  # not theirs
    client.force_login(drafter)
    response = client.post(f"/reminders/{line.pk}/dismiss/", {"next": "https://elsewhere.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert line.subject not in client.get("/").content.decode()
    other = open_reminders(user=drafter).first()
    response = client.post(f"/reminders/{other.pk}/dismiss/", {"next": "/projects/"})
    assert response["Location"] == "/projects/"


def test_the_home_page_renders_the_panels_apps_register(client, users):
    """R-X-3: a panel registered by any app shows in its order; one whose context is None is left out."""
    shown = Panel(key="tests.shown", order=1, template="notifications/_reminders.html",
                  context=lambda request: {"reminders": [], "today": timezone.localdate()})
    hidden = Panel(key="tests.hidden", order=2, template="does/not/exist.html", context=lambda request: None)
    home_panels.register(shown)
    home_panels.register(hidden)
    try:
        client.force_login(users[Role.LEADER])
        page = client.get("/").content.decode()
    finally:
        home_panels.unregister("tests.shown")
        home_panels.unregister("tests.hidden")
    assert page.count('id="reminders"') == 1  # the test's panel; the hidden one's template is never read
    assert page.index('id="reminders"') < page.index('class="tree"')
    assert [p.key for p in home_panels] == ["notifications.reminders", "monitoring.open_alarms", "lifecycle.my_work",
                                            "notifications.role_guide"]


def test_a_standards_page_renders_the_panels_apps_register_for_it(client, users, demo_catalog):
    """A standard's page shows what other apps register for it, given the standard (the lifecycle's
    history and periodic reviews among them); the catalog's template names no other app."""
    from pathlib import Path

    from govstd.catalog.models import Standard
    from govstd.notifications.registry import standard_panels

    standard = Standard.objects.filter(status="current").first()
    seen = []
    probe = Panel(key="tests.probe", order=99, template="notifications/_reminders.html",
                  context=lambda request, *, standard: seen.append(standard) or None)
    standard_panels.register(probe)
    try:
        client.force_login(users[Role.LEADER])
        page = client.get(standard.get_absolute_url()).content.decode()
    finally:
        standard_panels.unregister("tests.probe")
    assert seen == [standard]
    assert [p.key for p in standard_panels] == ["lifecycle.standard"]
    assert "<h2>制修订与复审</h2>" in page
    template = Path(__file__).resolve().parents[1] / "src/govstd/catalog/templates/catalog/standard_detail.html"
    assert "lifecycle" not in template.read_text()


class AlwaysRefuses(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_digest_that_failed_yesterday_gives_way_to_todays(users, settings, registered_source):
    """R-X-3: the mail server was down yesterday; today the person gets today's digest once, not both."""
    drafter = users[Role.DRAFTER]
    registered_source(findings_source(frozenset({drafter.pk}), 1))
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    settings.EMAIL_BACKEND = f"{__name__}.AlwaysRefuses"
    reminders_compute(today=yesterday)
    assert reminders_send() == 0
    assert Digest.objects.get(day=yesterday).state == Digest.State.FAILED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reminders_compute(today=today)
    assert reminders_send() == 1 and reminders_send() == 0
    assert [m.to for m in mail.outbox] == [[drafter.email]] and "第1项发现问题整改已逾期" in mail.outbox[0].body
    assert dict(Digest.objects.values_list("day", "state")) == {yesterday: "quiet", today: "sent"}
