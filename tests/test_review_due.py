"""One due-for-review rule (R-7.7-1): the home page, the explanation (R-6.6-1), the periodic-review page,
the API, the CLI, the reminders and a standard's own page give the same figures for the same catalog."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.catalog.levels import Level, Status
from govstd.catalog.models import Standard
from govstd.catalog.review_dates import REVIEWABLE, latest_base_due_by, review_due
from govstd.catalog.selectors.review_due import review_due_summary, standards_due_for_review
from govstd.notifications.models import Reminder
from govstd.notifications.services import reminders_compute

from .standard_factories import Spec, bulk_standards

pytestmark = pytest.mark.django_db

STATUSES = [Status.CURRENT, Status.UPCOMING, Status.TO_REVISE, Status.WITHDRAWN, Status.SUPERSEDED]


def boundary_bases(today: dt.date) -> dict[str, dt.date]:
    """Base dates whose review falls just before, on and after the day's two cut-offs, and on 29 February."""
    due_yesterday = latest_base_due_by(today - dt.timedelta(days=1))
    last_upcoming = latest_base_due_by(today + dt.timedelta(days=90))
    return {
        "due yesterday": due_yesterday,
        "due today": due_yesterday + dt.timedelta(days=1),
        "due in 90 days": last_upcoming,
        "due in 91 days": last_upcoming + dt.timedelta(days=1),
        "29 Feb 2020 (due 28 Feb 2025)": dt.date(2020, 2, 29),
        "29 Feb 2024 (due 28 Feb 2029)": dt.date(2024, 2, 29),
    }


def expected(standards, today: dt.date, covered: set[str]) -> tuple[int, int]:
    """Count by hand, one standard at a time, with the five-year date of review_dates."""
    overdue = upcoming = 0
    for s in standards:
        if s.level not in covered or s.status not in REVIEWABLE:
            continue
        due = review_due(s.last_reviewed_on or s.issue_date)
        overdue += due < today
        upcoming += today <= due <= today + dt.timedelta(days=90)
    return overdue, upcoming


@pytest.fixture
def boundary_catalog(db):
    """Every level × every status × every boundary, plus one reviewed recently after an old issue."""
    today = timezone.localdate()
    in_force_soon = today + dt.timedelta(days=30)  # 即将实施 stays so: its implementation date is ahead
    specs = [Spec(number=f"T/B {n}—2020", level=level, status=status, issue_date=base,
                  implementation_date=in_force_soon if status == Status.UPCOMING else None)
             for n, (level, status, base) in enumerate(
                 ((lv, st, b) for lv in Level for st in STATUSES for b in boundary_bases(today).values()), start=1)]
    specs.append(Spec(number="T/B 9000—2015", level=Level.LOCAL, issue_date=dt.date(2015, 3, 1),
                      last_reviewed_on=today - dt.timedelta(days=365)))
    bulk_standards(specs)
    return Standard.objects.all()


def figures(text: str, *names: str) -> list[int]:
    return [int(re.search(rf'data-figure="{name}">(\d+)<', text).group(1)) for name in names]


@pytest.mark.parametrize("levels", [["local", "internal", "group"], [lv.value for lv in Level]])
def test_every_page_gives_the_same_figures(client, users, boundary_catalog, settings, levels):
    """R-7.7-1, R-6.6-1: home card, explanation, review page, API, CLI and reminders agree with a hand count."""
    settings.GOVSTD_PERIODIC_REVIEW_LEVELS = levels
    today = timezone.localdate()
    overdue, upcoming = expected(boundary_catalog, today, set(levels))
    assert overdue and upcoming
    summary = review_due_summary(today=today)
    assert (summary.overdue, summary.upcoming) == (overdue, upcoming)

    office = users[Role.STANDARDIZATION_ADMIN]
    client.force_login(office)
    home = client.get("/").content.decode()
    assert figures(home, "overdue", "upcoming") == [overdue, upcoming]
    assert summary.coverage.note in home
    review_page = client.get("/periodic-reviews/").content.decode()
    assert figures(review_page, "overdue", "upcoming") == [overdue, upcoming]
    assert summary.coverage.note in review_page
    explanation = client.get("/explanation/").content.decode()
    assert f"有{overdue}项发布或上次复审已满5年" in explanation and f"另有{upcoming}项将在90日内到期" in explanation
    api = client.get("/api/v1/periodic-reviews/due").json()
    assert (api["overdue"], api["upcoming"], api["coverage"]["levels"]) == (overdue, upcoming, list(summary.coverage.levels))
    out = io.StringIO()
    call_command("periodic-reviews-due", stdout=out)
    assert f"逾期 {overdue} 项，90 天内到期 {upcoming} 项" in out.getvalue()
    assert summary.coverage.note in out.getvalue()
    reminders_compute(today=today)
    lines = dict(Reminder.objects.filter(recipient=office).values_list("kind", "count"))
    assert (lines["periodic_overdue"], lines["periodic_due"]) == (overdue, upcoming)
    assert standards_due_for_review(today=today).count() == overdue + upcoming


def test_pages_say_which_levels_are_covered_and_why(client, users, boundary_catalog):
    """R-7.7-1: the note names the covered levels and the setting, and who reviews the rest."""
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    note = "复审范围：地方标准、团体标准、内部标准；国际标准、国家标准、行业标准由其发布机构复审。"
    for url in ("/", "/periodic-reviews/"):
        assert note in client.get(url).content.decode(), url
    text = client.get("/explanation/").content.decode()
    assert "本单位复审的地方标准、团体标准、内部标准中" in text and "国际标准、国家标准、行业标准由其发布机构复审" in text


def test_a_standards_page_marks_an_overdue_review_and_leaves_other_levels_to_their_issuer(client, users,
                                                                                         boundary_catalog):
    """R-7.7-1: the standard's own page shows its date with 逾期 for a covered level; a national standard
    says its issuing body reviews it instead of showing a date nobody here acts on."""
    client.force_login(users[Role.LEADER])
    old = dt.date(2020, 2, 29)
    local = Standard.objects.get(level=Level.LOCAL, status=Status.CURRENT, issue_date=old)
    page = client.get(local.get_absolute_url()).content.decode()
    assert "2025-02-28" in page and "已逾期" in page
    national = Standard.objects.get(level=Level.NATIONAL, status=Status.CURRENT, issue_date=old)
    page = client.get(national.get_absolute_url()).content.decode()
    assert "由其发布机构复审" in page and "2025-02-28" not in page and "已逾期" not in page
    withdrawn = Standard.objects.get(level=Level.LOCAL, status=Status.WITHDRAWN, issue_date=old)
    assert "下次复审期限" not in client.get(withdrawn.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("today", "state"), [
    (dt.date(2024, 11, 29), "not due"),  # 28 Feb 2025 is 91 days away
    (dt.date(2024, 11, 30), "upcoming"),  # 90 days away
    (dt.date(2025, 2, 28), "upcoming"),  # due today
    (dt.date(2025, 3, 1), "overdue"),
])
def test_a_29_february_issue_falls_due_on_28_february(users, today, state):
    """R-7.7-1: issued 29 Feb 2020, the review is due 28 Feb 2025; the counts change on the right days."""
    bulk_standards([Spec(number="DB4403/T 229—2020", level=Level.LOCAL, issue_date=dt.date(2020, 2, 29))])
    summary = review_due_summary(today=today, limit=5)
    assert {"overdue": (1, 0), "upcoming": (0, 1), "not due": (0, 0)}[state] == (summary.overdue, summary.upcoming)
    assert [s.number for s in summary.overdue_first] == (["DB4403/T 229—2020"] if state == "overdue" else [])


def test_the_lists_are_bounded_and_the_counts_complete(users):
    """R-7.7-1, R-6.6-1: 30 overdue standards — the count says 30, the list holds the first 20, oldest first."""
    bulk_standards(Spec(number=f"Q/OLD {n}—2010", level=Level.INTERNAL, issue_date=dt.date(2010, 1, n))
                   for n in range(1, 31))
    summary = review_due_summary(limit=20)
    assert summary.overdue == 30 and len(summary.overdue_first) == 20
    assert summary.overdue_first[0].number == "Q/OLD 1—2010" and summary.overdue_first[-1].number == "Q/OLD 20—2010"


def test_when_every_level_is_covered_nothing_is_left_to_the_issuing_bodies(settings, admin, demo_catalog):
    """R-7.7-1: with GOVSTD_PERIODIC_REVIEW_LEVELS naming every level, the "outside" figure is 0, not an error."""
    from govstd.catalog.levels import Level
    from govstd.catalog.selectors.review_due import review_due_summary

    settings.GOVSTD_PERIODIC_REVIEW_LEVELS = [level.value for level in Level]
    summary = review_due_summary(limit=5)
    assert summary.outside_past == 0 and summary.coverage.others == ()
