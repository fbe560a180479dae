"""Periodic review (services/periodic_review.py): due dates and conclusion dates that keep the
five-year cycle (R-7.7-1, R-7.7-2)."""

import datetime as dt

import pytest
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.catalog.levels import Level, Status
from govstd.catalog.models import Standard
from govstd.catalog.review_dates import add_years
from govstd.errors import ApplicationError
from govstd.lifecycle.models import PeriodicReview
from govstd.lifecycle.services import periodic_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def issued(users, *, years_ago: int, number: str = "DB4403/T 901") -> Standard:
    from govstd.catalog.services.standards import standard_create

    day = add_years(TODAY, -years_ago)
    return standard_create(acting_user=users[Role.STANDARDIZATION_ADMIN], category=Standard.objects.first().category,
                           number=f"{number}—{day.year}", title="党政机关会议服务规范", level=Level.LOCAL,
                           status=Status.CURRENT, issue_date=day, implementation_date=day,
                           responsible_unit="深圳市市直机关智慧运营中心")


def test_a_periodic_review_is_due_within_the_standards_own_cycle(users, demo_catalog):
    """R-7.7-1: a review is due by the standard's five-year date at the latest — not in 2040, not three
    years on for a standard due next year; a scheduled review takes the cycle's date."""
    office = users[Role.STANDARDIZATION_ADMIN]
    standard = issued(users, years_ago=4)
    cycle_due = standard.review_due_date
    for due in (dt.date(2040, 1, 1), add_years(TODAY, 3), TODAY - dt.timedelta(days=1)):
        with pytest.raises(ApplicationError) as error:
            periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="law_or_policy",
                                                 reason="条例修订", due_date=due)
        assert error.value.field == "due_date", due
    assert not PeriodicReview.objects.filter(standard=standard).exists()
    review = periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="law_or_policy",
                                                  reason="条例修订", due_date=cycle_due)
    assert review.due_date == cycle_due
    soon = issued(users, years_ago=5, number="DB4403/T 903")  # due today: on the five-year list
    Standard.objects.filter(pk=soon.pk).update(issue_date=soon.issue_date + dt.timedelta(days=30),
                                               implementation_date=soon.issue_date + dt.timedelta(days=30))
    soon.refresh_from_db()
    scheduled = periodic_review.periodic_review_open(standard=soon, acting_user=office, trigger="scheduled")
    assert scheduled.due_date == soon.review_due_date


def test_an_early_review_needs_its_reason_not_the_five_year_trigger(users, demo_catalog):
    """R-7.7-1 (issue 9 item 4): a standard due years from now is not reviewed "on schedule"; an early
    review names its trigger and says why."""
    office = users[Role.STANDARDIZATION_ADMIN]
    standard = issued(users, years_ago=1, number="DB4403/T 904")
    with pytest.raises(ApplicationError) as error:
        periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="scheduled")
    assert error.value.field == "trigger" and "提前复审" in error.value.message
    with pytest.raises(ApplicationError) as error:
        periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="law_or_policy")
    assert error.value.field == "reason"
    review = periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="law_or_policy",
                                                  reason="《机关事务管理条例》修订")
    assert review.trigger == "law_or_policy" and review.reason


def test_a_standard_with_a_future_issue_date_is_still_reviewed_within_five_years(users, demo_catalog):
    """R-7.7-1: a bad issue date in the catalog cannot push a scheduled review past five years from today."""
    office = users[Role.STANDARDIZATION_ADMIN]
    standard = issued(users, years_ago=1, number="DB4403/T 902")
    Standard.objects.filter(pk=standard.pk).update(issue_date=add_years(TODAY, 10))
    standard.refresh_from_db()
    assert standard.review_due_date == add_years(TODAY, 15)
    with pytest.raises(ApplicationError) as error:  # the bad date makes it look far from due: early
        periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="scheduled")
    assert error.value.field == "trigger"
    review = periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="other",
                                                  reason="发布日期有误，核查", due_date=add_years(TODAY, 5))
    assert review.due_date == add_years(TODAY, 5)


def test_an_overdue_standard_is_reviewed_within_three_months(users, demo_catalog):
    """R-7.7-1: an overdue standard's review may not be put off for years; it stays listed as overdue."""
    office = users[Role.STANDARDIZATION_ADMIN]
    standard = issued(users, years_ago=6, number="DB4403/T 903")
    with pytest.raises(ApplicationError) as error:
        periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="law_or_policy",
                                             reason="逾期", due_date=TODAY + dt.timedelta(days=200))
    assert error.value.field == "due_date"
    review = periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="scheduled")
    assert review.due_date == standard.review_due_date < TODAY


def test_a_periodic_review_is_concluded_between_its_opening_and_today(users, demo_catalog):
    """R-7.7-2: a conclusion is dated no earlier than the review (and the cycle's base) and no later than
    today, so the next five-year cycle counts from a real day."""
    office = users[Role.STANDARDIZATION_ADMIN]
    standard = issued(users, years_ago=5, number="DB4403/T 904")
    review = periodic_review.periodic_review_open(standard=standard, acting_user=office, trigger="scheduled")
    PeriodicReview.objects.filter(pk=review.pk).update(opened_at=timezone.now() - dt.timedelta(days=30))
    for day in (TODAY - dt.timedelta(days=40), TODAY + dt.timedelta(days=1), dt.date(1990, 1, 1)):
        with pytest.raises(ApplicationError) as error:
            periodic_review.periodic_review_conclude(review=review, acting_user=office, conclusion="continue",
                                                     reason="仍适用", concluded_on=day)
        assert error.value.field == "concluded_on", day
    standard.refresh_from_db()
    assert standard.last_reviewed_on is None
    periodic_review.periodic_review_conclude(review=review, acting_user=office, conclusion="continue",
                                             reason="仍适用", concluded_on=TODAY - dt.timedelta(days=10))
    standard.refresh_from_db()
    assert standard.last_reviewed_on == TODAY - dt.timedelta(days=10)


def test_a_concluded_review_has_its_date_in_the_database(users, demo_catalog):
    """R-7.7-2: the database refuses a conclusion without a date, and a date without a conclusion."""
    from django.db import IntegrityError, transaction

    standard = issued(users, years_ago=5, number="DB4403/T 905")
    for values in ({"conclusion": "continue"}, {"concluded_on": TODAY}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PeriodicReview.objects.create(standard=standard, trigger="scheduled", due_date=TODAY, **values)


def test_whether_an_early_review_must_choose_its_reason_is_declared_not_decided_by_the_page(users, demo_catalog,
                                                                                          client):
    """R-7.7-1, review finding 18: before its cycle is due a standard's review is read with a declaration
    whose trigger has no default, so the API and the page both refuse a missing reason on ``trigger``
    (not a silent "on schedule"); a standard due now keeps the five-year default."""
    from govstd.lifecycle.inputs import EarlyPeriodicReviewInput, PeriodicReviewInput

    office = users[Role.STANDARDIZATION_ADMIN]
    early = issued(users, years_ago=1, number="DB4403/T 905")
    due = issued(users, years_ago=5, number="DB4403/T 906")
    assert periodic_review.periodic_review_input(standard=early) is EarlyPeriodicReviewInput
    assert periodic_review.periodic_review_input(standard=due) is PeriodicReviewInput
    with pytest.raises(ApplicationError) as error:
        periodic_review.periodic_review_open(standard=early, acting_user=office, reason="条例修订")
    assert error.value.field == "trigger"
    assert periodic_review.periodic_review_open(standard=due, acting_user=office).trigger == "scheduled"
    client.force_login(office)
    for standard, required in ((early, True), (due, False)):
        PeriodicReview.objects.filter(standard=standard).delete()
        page = client.get(f"/periodic-reviews/?standard={standard.pk}").content.decode()
        select = page[page.index('name="trigger"') - 200:page.index('name="trigger"') + 200]
        assert ("required" in select) is required, (standard, select)
