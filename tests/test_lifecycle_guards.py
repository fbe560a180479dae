"""Each guard of the lifecycle's tables refuses with its reason, and nothing changes (R-7.*).

A state that stands in the way is a 409 (Conflict) naming what is missing; input that does not
fit the project is a 400 naming the field.
"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from govstd.accounts.models import Unit
from govstd.accounts.roles import Role
from govstd.errors import ApplicationError, Conflict, PermissionDenied
from govstd.lifecycle.choices import DraftKind
from govstd.lifecycle.models import PeriodicReview, Project
from govstd.lifecycle.services import drafting, proposal, public_comment, review
from govstd.lifecycle.services.actions import project_act
from govstd.lifecycle.states import Action, Entry, Kind, Stage
from govstd.lifecycle.workflow import LIFECYCLE
from govstd.workflow import engine

from .lifecycle_factories import advance, docx_bytes, new_project

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def refused(expected: type, field: str | None, words: str, **step):
    """Take a step that must be refused; check the kind, the field and the words, and that nothing moved."""
    project = step["project"]
    before = Project.objects.values_list("stage", "version").get(pk=project.pk)
    events = project.events.count()
    with pytest.raises(expected) as error:
        project_act(**step)
    assert type(error.value) is expected, error.value
    assert error.value.field == field and words in error.value.message, error.value.message
    assert Project.objects.values_list("stage", "version").get(pk=project.pk) == before
    assert project.events.count() == events


def test_project_values_valid_and_the_drafting_unit_proposes_only_for_itself(users, demo_catalog):
    """R-7.2-1: a revision names the standard it revises; a drafting unit proposes for its own unit."""
    with pytest.raises(ApplicationError) as error:
        new_project(users, kind=Kind.REVISE)
    assert error.value.field == "revises_id" and "修订项目须填写被修订标准" in error.value.message
    other = Unit.objects.get(name="深圳市标准技术研究院")
    with pytest.raises(PermissionDenied):
        proposal.project_create(acting_user=users[Role.DRAFTER], lead_unit_id=other,
                                **{k: v for k, v in _values().items() if k != "drafters"})
    assert Project.objects.count() == 0


def _values():
    from .lifecycle_factories import proposal_values

    return proposal_values()


def test_proposal_complete(users, demo_catalog):
    project = new_project(users, leader_phone="", scope="")
    refused(Conflict, None, "立项建议书尚未填写完整：电话、范围和主要技术内容", project=project,
            action=Action.SUBMIT_PROPOSAL, acting_user=users[Role.DRAFTER])


def test_decided_by_today(users, demo_catalog):
    project = advance(new_project(users), Stage.SUBMITTED, users)
    refused(ApplicationError, "decision_date", "不能晚于今天", project=project, action=Action.APPROVE_PROPOSAL,
            acting_user=users[Role.STANDARDIZATION_ADMIN], decision_date=TODAY + dt.timedelta(days=1))


def test_comment_draft_uploaded_and_the_period_in_order(users, demo_catalog):
    """R-7.4-1: a period opens on an uploaded draft for comment, from a start to a later end."""
    project = advance(new_project(users), Stage.DRAFTING, users)
    office = users[Role.STANDARDIZATION_ADMIN]
    period = {"start_date": TODAY, "end_date": TODAY + dt.timedelta(days=40)}
    refused(Conflict, None, "请先上传征求意见稿", project=project, action=Action.OPEN_COMMENT, acting_user=office,
            **period)
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.COMMENT_DRAFT,
                          data=docx_bytes(), file_name="征求意见稿.docx")
    refused(ApplicationError, "end_date", "不能早于开始日期", project=project, action=Action.OPEN_COMMENT,
            acting_user=office, start_date=TODAY, end_date=TODAY - dt.timedelta(days=1))
    refused(ApplicationError, "start_date", "不能早于今天", project=project, action=Action.OPEN_COMMENT,
            acting_user=office, start_date=TODAY - dt.timedelta(days=60), end_date=TODAY - dt.timedelta(days=1))
    refused(ApplicationError, "end_date", "不少于 30 天", project=project, action=Action.OPEN_COMMENT,
            acting_user=office, start_date=TODAY, end_date=TODAY + dt.timedelta(days=10))
    refused(ApplicationError, "channels", "应为以下之一", project=project, action=Action.OPEN_COMMENT,
            acting_user=office, channels=["import"], **period)


def test_comment_period_over(users, demo_catalog):
    project = advance(new_project(users), Stage.COMMENTING, users)
    refused(Conflict, None, "结束后方可关闭", project=project, action=Action.CLOSE_COMMENT,
            acting_user=users[Role.DRAFTER])


def test_review_opinions_in(users, demo_catalog):
    """R-7.5-1, R-7.5-2: a review concludes on submitted opinions, after it was arranged."""
    project = advance(new_project(users), Stage.REVIEW, users)
    office, expert = users[Role.STANDARDIZATION_ADMIN], users[Role.REVIEWER]
    refused(Conflict, None, "请先安排审查", project=project, action=Action.PASS_REVIEW, acting_user=office)
    current = project.review_rounds.get()
    review.review_arrange(review=current, acting_user=office, form="letter", reviewer_ids=[expert], meeting_date=TODAY)
    refused(Conflict, None, "尚无审查专家提交意见", project=project, action=Action.PASS_REVIEW, acting_user=office)
    refused(ApplicationError, "reason", "请填写修改意见", project=project, action=Action.FAIL_REVIEW, acting_user=office)


def test_review_round_open_for_arranging(users, demo_catalog):
    project = advance(new_project(users), Stage.APPROVAL, users)
    with pytest.raises(Conflict, match="不能安排审查"):
        review.review_arrange(review=project.review_rounds.get(), acting_user=users[Role.STANDARDIZATION_ADMIN],
                              form="meeting", reviewer_ids=[users[Role.REVIEWER]], meeting_date=TODAY)


def test_approval_draft_uploaded_and_publication_details_valid(users, demo_catalog):
    """R-7.6-1: publication needs a 报批稿 after the pass, and a number that fits the level."""
    project = advance(new_project(users), Stage.APPROVAL, users)
    office = users[Role.STANDARDIZATION_ADMIN]
    details = {"number": f"DB4403/T 777—{TODAY.year}", "issue_date": TODAY, "implementation_date": TODAY + dt.timedelta(30)}
    refused(Conflict, None, "请先上传根据审查意见完善的报批稿", project=project, action=Action.PUBLISH,
            acting_user=office, **details)
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.APPROVAL_DRAFT,
                          data=docx_bytes(), file_name="报批稿.docx")
    refused(ApplicationError, "number", "不符", project=project, action=Action.PUBLISH, acting_user=office,
            **{**details, "number": f"GB/T 777—{TODAY.year}"})  # a national number for a local standard
    refused(ApplicationError, "issue_date", "请填写", project=project, action=Action.PUBLISH, acting_user=office,
            number=details["number"], implementation_date=details["implementation_date"])


def test_a_revision_enters_at_drafting_only_on_a_revise_conclusion(users, demo_catalog):
    """R-7.7-2: the entry into drafting is declared, and guarded by the periodic review's conclusion."""
    from govstd.catalog.models import Standard

    standard = Standard.objects.filter(status="current").first()
    open_review = PeriodicReview.objects.create(standard=standard, trigger="scheduled", due_date=TODAY)
    project = Project(kind=Kind.REVISE, title=standard.title, level=standard.level, category=standard.category,
                      revises=standard, lead_unit=users[Role.STANDARDIZATION_ADMIN].unit, origin_review=open_review)
    with pytest.raises(Conflict, match="复审结论为“修订”"):
        engine.enter(LIFECYCLE, obj=project, action=Entry.OPEN_REVISION, actor=users[Role.STANDARDIZATION_ADMIN])
    with pytest.raises(PermissionDenied):
        engine.enter(LIFECYCLE, obj=project, action=Entry.OPEN_REVISION, actor=users[Role.DRAFTER])
    assert not Project.objects.filter(revises=standard).exists()


def test_a_comment_is_recorded_only_while_comments_are_taken(users, demo_catalog):
    project = advance(new_project(users), Stage.DRAFTING, users)
    with pytest.raises(Conflict, match="不能录入意见"):
        public_comment.comment_add(project=project, acting_user=users[Role.DRAFTER], content="建议。",
                                   submitter="某单位")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # threads need committed rows
def test_two_people_taking_the_same_step_at_once(users, demo_catalog):
    """Concurrency on PostgreSQL: two real threads approve the same proposal; exactly one wins, the
    other is refused with 409 and the project has one approval event (R-7.2-2)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time")
    project = advance(new_project(users), Stage.SUBMITTED, users)
    office = users[Role.STANDARDIZATION_ADMIN]
    start = threading.Barrier(2)
    results: list = []

    def approve():
        try:
            start.wait()
            project_act(project=project, action=Action.APPROVE_PROPOSAL, acting_user=office,
                        expected_version=project.version, decision_date=TODAY)
            results.append("ok")
        except ApplicationError as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 1, results
    [loser] = [r for r in results if r != "ok"]
    assert isinstance(loser, Conflict) and loser.http_status == 409
    assert project.events.filter(action=Action.APPROVE_PROPOSAL).count() == 1
    assert project.plan_items.count() == 1


# --- dates and values that must be sane (issue 8) -------------------------------------------------

def test_a_local_standards_comment_period_starts_today_for_the_public_and_is_public(users, demo_catalog):
    """R-7.4-1 (7.4): a local standard is put out to the public from the period's first day — a period
    that began 29 days ago (seen by the public for one day) or a non-public one is refused; so is a
    period scheduled months ahead or running for a year."""
    project = advance(new_project(users), Stage.DRAFTING, users)
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.COMMENT_DRAFT,
                          data=docx_bytes(), file_name="征求意见稿.docx")
    office = users[Role.STANDARDIZATION_ADMIN]
    month = {"start_date": TODAY, "end_date": TODAY + dt.timedelta(days=29)}
    step = {"project": project, "action": Action.OPEN_COMMENT, "acting_user": office}
    refused(ApplicationError, "start_date", "不能早于今天", **step,
            start_date=TODAY - dt.timedelta(days=29), end_date=TODAY + dt.timedelta(days=1))
    refused(ApplicationError, "is_public", "须公开征求社会公众意见", **step, is_public=False, **month)
    refused(ApplicationError, "channels", "须包括网络", **step, channels=["letter"], **month)
    refused(ApplicationError, "start_date", "最晚", **step,
            start_date=TODAY + dt.timedelta(days=200), end_date=TODAY + dt.timedelta(days=240))
    refused(ApplicationError, "end_date", "不超过 180 天", **step, start_date=TODAY,
            end_date=TODAY + dt.timedelta(days=400))
    period = public_comment.comment_period_open(project=project, acting_user=office, **month)
    assert period.is_public and period.start_date == TODAY


def test_an_internal_standard_may_be_consulted_without_the_public(users, demo_catalog):
    """R-7.4-1: public consultation binds national, industry and local standards, not internal ones."""
    project = advance(new_project(users, level="internal"), Stage.DRAFTING, users)
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.COMMENT_DRAFT,
                          data=docx_bytes(), file_name="征求意见稿.docx")
    period = public_comment.comment_period_open(project=project, acting_user=users[Role.STANDARDIZATION_ADMIN],
                                                start_date=TODAY, end_date=TODAY + dt.timedelta(days=14),
                                                is_public=False, channels=["letter"])
    assert not period.is_public


def test_publication_takes_an_issue_date_between_the_review_and_today_and_the_number_of_that_year(
        users, demo_catalog):
    """R-7.6-1: no issue date in 2099 or 1990, no number whose year differs from the issue year, no
    implementation before issue or years after it — each refused naming the field, nothing written."""
    project = advance(new_project(users), Stage.APPROVAL, users)
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.APPROVAL_DRAFT,
                          data=docx_bytes(), file_name="报批稿.docx")
    step = {"project": project, "action": Action.PUBLISH, "acting_user": users[Role.STANDARDIZATION_ADMIN]}
    year = TODAY.year
    refused(ApplicationError, "issue_date", "不能晚于今天", **step, number="DB4403/T 778—2099",
            issue_date=dt.date(2099, 1, 1), implementation_date=dt.date(2099, 3, 1))
    refused(ApplicationError, "issue_date", "不能早于审查通过日期", **step, number="DB4403/T 778—1990",
            issue_date=dt.date(1990, 1, 1), implementation_date=dt.date(1990, 3, 1))
    refused(ApplicationError, "number", f"年代号 {year - 1} 应与发布年份 {year} 一致", **step,
            number=f"DB4403/T 778—{year - 1}", issue_date=TODAY, implementation_date=TODAY + dt.timedelta(30))
    refused(ApplicationError, "implementation_date", "不能早于发布日期", **step, number=f"DB4403/T 778—{year}",
            issue_date=TODAY, implementation_date=TODAY - dt.timedelta(days=1))
    refused(ApplicationError, "implementation_date", "2 年内", **step, number=f"DB4403/T 778—{year}",
            issue_date=TODAY, implementation_date=TODAY.replace(year=year + 3))
    project_act(**step, number=f"DB4403/T 778—{year}", issue_date=TODAY, implementation_date=TODAY + dt.timedelta(30))
    project.refresh_from_db()
    assert project.stage == Stage.PUBLISHED and project.standard.number == f"DB4403/T 778—{year}"


def test_publication_reads_the_year_of_a_number_whatever_dash_was_typed():
    """R-7.6-1: the publication guard asks the catalog's one number-year rule (issue_year_problem)."""
    import datetime as dt

    from govstd.catalog.standard_numbers import issue_year_problem, parse

    for text, year in (("DB4403/T 12-2019", 2019), ("SZJG/NB 002—2022", 2022), ("ISO 9001:2015", 2015)):
        assert issue_year_problem(parse(text), dt.date(year, 5, 1)) is None
        assert issue_year_problem(parse(text), dt.date(year + 1, 5, 1))
    assert issue_year_problem(parse("GB/T 20000.1", require_year=False), dt.date(2020, 1, 1)) is None


def test_a_proposal_is_approved_after_its_submission_into_that_years_plan_or_the_next(users, demo_catalog):
    """R-7.2-2, R-7.2-3: no approval dated 1990 (before the proposal was submitted), no plan year 1900,
    23701 or two years on; the next year's plan is fine."""
    project = advance(new_project(users), Stage.SUBMITTED, users)
    step = {"project": project, "action": Action.APPROVE_PROPOSAL, "acting_user": users[Role.STANDARDIZATION_ADMIN]}
    refused(ApplicationError, "decision_date", "不能早于立项申请提交日期", **step, decision_date=dt.date(1990, 1, 1))
    refused(ApplicationError, "plan_year", "2000", **step, decision_date=TODAY, plan_year=1900)
    refused(ApplicationError, "plan_year", "2100", **step, decision_date=TODAY, plan_year=23701)
    refused(ApplicationError, "plan_year", "当年或次年", **step, decision_date=TODAY, plan_year=TODAY.year + 2)
    project_act(**step, decision_date=TODAY, plan_year=TODAY.year + 1)
    assert list(project.plan_items.values_list("plan__year", flat=True)) == [TODAY.year + 1]


def test_a_revision_keeps_the_level_of_the_standard_it_revises(users, demo_catalog):
    """R-7.2-1 (7.2): an internal project cannot revise a national (GB) standard — a revision is a new
    edition of the same standard; and an international standard is adopted, never developed here."""
    from govstd.catalog.models import Standard

    gb = Standard.objects.get(number="GB/T 22239—2019")
    with pytest.raises(ApplicationError) as error:
        new_project(users, kind=Kind.REVISE, revises_id=gb, level="internal")
    assert error.value.field == "level" and "国家标准" in error.value.message
    with pytest.raises(ApplicationError) as error:
        new_project(users, level="international")
    assert error.value.field == "level"
    assert not Project.objects.exists()
    assert new_project(users, kind=Kind.REVISE, revises_id=gb, level="national").revises == gb


def test_a_standard_has_at_most_one_open_revision_project(users, demo_catalog):
    """R-7.2-1, R-7.7-2: a second revision of a standard under revision is refused — by the guard with its
    reason, by the database if two slip past it, and when a periodic review concludes 修订; once the first
    ends, a new one may start."""
    from django.db import IntegrityError, transaction

    from govstd.catalog.models import Standard
    from govstd.lifecycle.services import periodic_review

    gb = Standard.objects.get(number="GB/T 22239—2019")
    first = new_project(users, kind=Kind.REVISE, revises_id=gb, level="national")
    with pytest.raises(ApplicationError) as error:
        new_project(users, kind=Kind.REVISE, revises_id=gb, level="national", title="重复的修订")
    assert error.value.field == "revises_id" and first.code in error.value.message
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(kind=Kind.REVISE, title="绕过规则", level="national", category=first.category,
                               revises=gb, lead_unit=first.lead_unit, stage=Stage.APPROVAL)
    office = users[Role.STANDARDIZATION_ADMIN]
    review_open = periodic_review.periodic_review_open(standard=gb, acting_user=office, trigger="law_or_policy",
                                                       reason="法规修订")
    with pytest.raises(Conflict, match=first.code):
        periodic_review.periodic_review_conclude(review=review_open, acting_user=office, conclusion="revise",
                                                 reason="需修订")
    review_open.refresh_from_db()
    assert review_open.is_open and Project.objects.filter(revises=gb).count() == 1
    project_act(project=first, action=Action.ABANDON, acting_user=users[Role.DRAFTER], reason="改由复审开启修订")
    done = periodic_review.periodic_review_conclude(review=review_open, acting_user=office, conclusion="revise",
                                                    reason="需修订")
    assert done.revision_project.stage == Stage.DRAFTING


def test_a_proposal_plans_completion_ahead_within_three_years_with_opinions_already_signed(users, demo_catalog):
    """R-7.2-1: Table B.1's dates — completion neither yesterday nor in four years, no opinion dated
    tomorrow — refused on creation and on edit alike."""
    for field, value in (("planned_completion", TODAY - dt.timedelta(days=1)),
                         ("planned_completion", TODAY.replace(year=TODAY.year + 4)),
                         ("lead_unit_opinion_date", TODAY + dt.timedelta(days=1)),
                         ("department_opinion_date", dt.date(1990, 1, 1))):
        with pytest.raises(ApplicationError) as error:
            new_project(users, **{field: value})
        assert error.value.field == field, (field, value)
    project = new_project(users)
    with pytest.raises(ApplicationError) as error:
        proposal.proposal_update(project=project, acting_user=users[Role.DRAFTER],
                                 planned_completion=dt.date(2099, 12, 31))
    assert error.value.field == "planned_completion"
    project.refresh_from_db()
    assert project.planned_completion == TODAY + dt.timedelta(days=300)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # threads need committed rows
def test_two_revisions_of_one_standard_started_at_once_leave_one(users, demo_catalog):
    """R-7.2-1 under real concurrency (PostgreSQL: both pass the guard, the database refuses the second;
    SQLite runs one writer at a time): one project is created, the other is refused with 409."""
    from govstd.catalog.models import Standard

    gb = Standard.objects.get(number="GB/T 22239—2019")
    start = threading.Barrier(2)
    results: list = []

    def propose(n: int):
        try:
            start.wait()
            results.append(new_project(users, kind=Kind.REVISE, revises_id=gb, level="national", title=f"修订{n}"))
        except ApplicationError as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refusals = [r for r in results if isinstance(r, ApplicationError)]
    assert len(refusals) == 1 and refusals[0].http_status in (400, 409), results
    assert Project.objects.filter(revises=gb).count() == 1


def test_a_planned_entry_is_developed_at_its_own_level_and_once(users, demo_catalog):
    """R-7.2-1, R-7.6-1: the project that fills in a planned row of Table 1 has the row's level (publication
    writes into that row) and is the only open project on it."""
    from govstd.catalog.models import Standard

    planned = Standard.objects.filter(status="to_develop").first()
    other_level = "local" if planned.level != "local" else "internal"
    with pytest.raises(ApplicationError) as error:
        new_project(users, standard_id=planned, level=other_level)
    assert error.value.field == "level"
    first = new_project(users, standard_id=planned, level=planned.level)
    assert first.category == planned.category
    with pytest.raises(ApplicationError) as error:
        new_project(users, standard_id=planned, level=planned.level, title="重复立项")
    assert error.value.field == "standard_id"
