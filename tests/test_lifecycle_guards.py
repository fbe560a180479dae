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
    refused(ApplicationError, "end_date", "征求意见截止日期已过", project=project, action=Action.OPEN_COMMENT,
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
    details = {"number": "DB4403/T 777—2026", "issue_date": TODAY, "implementation_date": TODAY + dt.timedelta(30)}
    refused(Conflict, None, "请先上传根据审查意见完善的报批稿", project=project, action=Action.PUBLISH,
            acting_user=office, **details)
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.APPROVAL_DRAFT,
                          data=docx_bytes(), file_name="报批稿.docx")
    refused(ApplicationError, "number", "不符", project=project, action=Action.PUBLISH, acting_user=office,
            **{**details, "number": "GB/T 777—2026"})  # a national number for a local standard
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
