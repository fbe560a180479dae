"""The transition table, exhaustively: every stage × action × role (R-7-H, R-7.*).

An action the table does not list for a stage is refused as a conflict for everyone; a listed
action is refused as forbidden for every role it does not name (and for a drafting unit that
does not own the project); the roles it names are refused, if at all, only by a guard.
"""

import pytest
from django.utils import timezone

from govstd.accounts.models import Unit
from govstd.accounts.roles import Role
from govstd.accounts.services import user_create
from govstd.errors import ApplicationError, Conflict, PermissionDenied
from govstd.lifecycle.models import Project
from govstd.lifecycle.services.actions import ACTION_SERVICES, project_act
from govstd.lifecycle.services.transitions import refusal
from govstd.lifecycle.states import TRANSITION_INDEX, TRANSITIONS, Action, Stage

from .lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db


def projects_in_every_stage(users) -> dict[Stage, Project]:
    office = users[Role.STANDARDIZATION_ADMIN]
    projects = {stage: advance(new_project(users, title=f"项目{stage.value}"), stage, users)
                for stage in (Stage.PROPOSAL, Stage.SUBMITTED, Stage.DRAFTING, Stage.COMMENTING, Stage.HANDLING,
                              Stage.REVIEW, Stage.APPROVAL, Stage.PUBLISHED)}
    rejected = advance(new_project(users, title="项目rejected"), Stage.SUBMITTED, users)
    project_act(project=rejected, action=Action.REJECT_PROPOSAL, acting_user=office, reason="与现行标准重复")
    failed = advance(new_project(users, title="项目review_failed"), Stage.REVIEW, users)
    from govstd.lifecycle.services import review

    current = failed.review_rounds.get()
    review.review_arrange(review=current, acting_user=office, form="letter", reviewer_ids=[users[Role.REVIEWER]],
                          meeting_date=timezone.localdate())
    review.review_opinion_submit(opinion=current.opinions.get(), acting_user=users[Role.REVIEWER],
                                 focus={k: {"ok": k != "c", "note": "与体系内标准交叉"} for k in "abcde"},
                                 opinion_text="需协调。", recommendation="failed")
    project_act(project=failed, action=Action.FAIL_REVIEW, acting_user=office, reason="与现有标准不协调")
    abandoned = advance(new_project(users, title="项目abandoned"), Stage.DRAFTING, users)
    project_act(project=abandoned, action=Action.ABANDON, acting_user=office, reason="需求已取消")
    projects |= {Stage.REJECTED: rejected, Stage.REVIEW_FAILED: failed, Stage.ABANDONED: abandoned}
    for project in projects.values():
        project.refresh_from_db()
    return projects


def test_the_table_is_complete_and_every_action_has_a_service():
    assert set(ACTION_SERVICES) == set(Action)
    assert len(TRANSITION_INDEX) == len(TRANSITIONS)  # no stage lists an action twice
    reachable = {Stage.PROPOSAL} | {t.target for t in TRANSITIONS}
    assert reachable == set(Stage)


def test_every_stage_action_and_role(users, demo_catalog):
    projects = projects_in_every_stage(users)
    outsider = user_create(username="other_drafter", password="Other@2026pass", roles=[Role.DRAFTER],
                           unit=Unit.objects.get(name="深圳市标准技术研究院"))
    people = {**users, "outsider": outsider}
    for stage, project in projects.items():
        assert project.stage == stage
        for action in Action:
            transition = TRANSITION_INDEX.get((stage, action))
            for who, user in people.items():
                error = refusal(project=project, action=action, user=user)
                where = f"{stage} {action} {who}"
                if transition is None:
                    assert isinstance(error, Conflict) and "不能执行" in error.message, where
                elif who == "outsider" or who not in transition.roles:
                    assert isinstance(error, PermissionDenied), where
                else:
                    assert not isinstance(error, PermissionDenied), where
                    assert error is None or "不能执行" not in error.message, where


def test_a_refused_action_changes_nothing(users, demo_catalog):
    project = advance(new_project(users), Stage.SUBMITTED, users)
    events, version = project.events.count(), project.version
    for user, action in ((users[Role.DRAFTER], Action.APPROVE_PROPOSAL),
                         (users[Role.STANDARDIZATION_ADMIN], Action.PUBLISH),
                         (users[Role.STANDARDIZATION_ADMIN], Action.REJECT_PROPOSAL)):  # no reason given
        with pytest.raises(ApplicationError):
            project_act(project=project, action=action, acting_user=user)
        project.refresh_from_db()
        assert (project.stage, project.version, project.events.count()) == (Stage.SUBMITTED, version, events)


def test_every_stage_kind_of_work_and_role(users, demo_catalog):
    """The work table (states.WORK) through the engine: every stage × kind of work × role (R-7.3-1, R-7.4-2).

    Work a stage does not list is refused as a conflict for those whose roles allow it; roles the
    table does not name are refused as forbidden, and so is a drafting unit outside the project.
    """
    from govstd.lifecycle.states import WORK
    from govstd.lifecycle.workflow import LIFECYCLE
    from govstd.workflow.engine import work_refusal
    from govstd.workflow.table import ANYONE

    projects = projects_in_every_stage(users)
    outsider = user_create(username="other_drafter2", password="Other@2026pass", roles=[Role.DRAFTER],
                           unit=Unit.objects.get(name="深圳市标准技术研究院"))
    people = {**users, "outsider": outsider, "public": None}
    for stage, project in projects.items():
        for work in WORK:
            for who, user in people.items():
                error = work_refusal(LIFECYCLE, obj=project, kind=work.kind, user=user)
                where = f"{stage} {work.kind} {who}"
                if work.roles is not ANYONE and (who in ("outsider", "public") or who not in work.roles):
                    assert isinstance(error, PermissionDenied), where
                elif stage not in work.states:
                    assert isinstance(error, Conflict) and "不能" in error.message, where
                else:
                    assert error is None or not isinstance(error, PermissionDenied), where


def test_a_project_can_be_ended_from_every_open_stage():
    """R-7.5-2 (7.5 废止本项目): no open stage is a dead end — every one can be abandoned, except a
    submitted proposal, which ends by rejection; a proposal in preparation its drafting unit may withdraw."""
    from govstd.lifecycle.states import ADMIN, DRAFTERS, FINAL_STAGES, OPEN_STAGES

    for stage in OPEN_STAGES:
        ends = {t.target for t in TRANSITIONS if t.source == stage} & FINAL_STAGES
        assert ends, stage
    assert TRANSITION_INDEX[(Stage.SUBMITTED, Action.REJECT_PROPOSAL)].target == Stage.REJECTED
    assert (Stage.SUBMITTED, Action.ABANDON) not in TRANSITION_INDEX
    assert TRANSITION_INDEX[(Stage.PROPOSAL, Action.ABANDON)].roles == DRAFTERS
    for stage in OPEN_STAGES - {Stage.PROPOSAL, Stage.SUBMITTED}:
        assert TRANSITION_INDEX[(stage, Action.ABANDON)].roles == ADMIN, stage


def test_a_revision_stuck_at_approval_is_abandoned_and_the_standard_restored(users, demo_catalog):
    """R-7.5-2, R-6.4-1: a project at 报批 whose approval is refused ends, and Table 1 shows the revised
    standard as it was before the project began."""
    from govstd.catalog.levels import Status
    from govstd.catalog.models import Standard

    gb = Standard.objects.get(number="GB/T 22239—2019")
    project = advance(new_project(users, kind="revise", revises_id=gb, level="national"), Stage.APPROVAL, users)
    gb.refresh_from_db()
    assert gb.status == Status.REVISING
    project_act(project=project, action=Action.ABANDON, acting_user=users[Role.STANDARDIZATION_ADMIN],
                reason="主管部门未予批准")
    project.refresh_from_db()
    gb.refresh_from_db()
    assert project.stage == Stage.ABANDONED and gb.status == Status.CURRENT


def test_no_kind_of_work_changes_a_closed_projects_records(users, demo_catalog):
    """R-7-H, R-7.4-4: in a final stage (published, rejected, abandoned) every kind of work is refused for
    everyone, whatever the table says — the engine holds to it once, and a table that declared work in
    a final stage would not load."""
    from dataclasses import replace

    from govstd.lifecycle.states import FINAL_STAGES, WORK
    from govstd.lifecycle.workflow import LIFECYCLE
    from govstd.workflow.engine import work_refusal
    from govstd.workflow.table import ANYONE

    projects = projects_in_every_stage(users)
    for stage in FINAL_STAGES:
        for work in WORK:
            for who, user in {**users, "public": None}.items():
                if work.roles is not ANYONE and who not in work.roles:
                    continue
                error = work_refusal(LIFECYCLE, obj=projects[stage], kind=work.kind, user=user)
                assert isinstance(error, Conflict) and "其记录不能再更改" in error.message, (stage, work.kind, who)
    widened = replace(LIFECYCLE.work_index["moderate_comments"], states=frozenset({Stage.HANDLING, Stage.PUBLISHED}))
    with pytest.raises(ValueError, match="final state"):
        replace(LIFECYCLE, work=tuple(widened if w.kind == widened.kind else w for w in WORK))
    leaving = replace(TRANSITIONS[-1], source=Stage.PUBLISHED)
    with pytest.raises(ValueError, match="final state"):
        replace(LIFECYCLE, transitions=(*TRANSITIONS, leaving))
