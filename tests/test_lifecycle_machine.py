"""Random sequences of lifecycle actions by random people keep the invariants (R-7-H, R-7.4-3, R-7.6-1):
a published standard has a number; no comment is without a disposition once at review;
history is append-only and ends where the project stands; a refused step changes nothing."""

import contextlib
import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from govstd.accounts.roles import Role
from govstd.errors import ApplicationError
from govstd.lifecycle.choices import Disposition, DraftKind, Moderation
from govstd.lifecycle.models import Project
from govstd.lifecycle.services import drafting, public_comment, review
from govstd.lifecycle.services.actions import project_act
from govstd.lifecycle.states import Action, Stage

from .lifecycle_factories import advance, docx_bytes, memo_parts, new_project

pytestmark = pytest.mark.django_db

NEXT_STAGE = {Stage.PROPOSAL: Stage.SUBMITTED, Stage.SUBMITTED: Stage.DRAFTING, Stage.DRAFTING: Stage.COMMENTING,
              Stage.COMMENTING: Stage.HANDLING, Stage.HANDLING: Stage.REVIEW, Stage.REVIEW: Stage.APPROVAL,
              Stage.APPROVAL: Stage.PUBLISHED}
ROLES = [Role.STANDARDIZATION_ADMIN, Role.DRAFTER, Role.REVIEWER, Role.LEADER]


def payload(action: Action, today: dt.date, number: int) -> dict:
    return {
        Action.RETURN_PROPOSAL: {"reason": "请补充可行性分析"},
        Action.APPROVE_PROPOSAL: {"decision_date": today},
        Action.REJECT_PROPOSAL: {"reason": "重复立项"},
        Action.OPEN_COMMENT: {"start_date": today, "end_date": today + dt.timedelta(days=29)},
        Action.FAIL_REVIEW: {"reason": "需修改"},
        Action.PUBLISH: {"number": f"DB4403/T {number}—{today.year}", "issue_date": today,
                         "implementation_date": today + dt.timedelta(days=10)},
        Action.ABANDON: {"reason": "终止"},
    }.get(action, {})


def test_random_action_sequences_keep_the_invariants(users, demo_catalog):
    counter = iter(range(5000, 9999))
    reached: set[str] = set()

    class Lifecycle(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.project = new_project(users, title=f"随机项目{next(counter)}")
            self.history: list[tuple] = list(self.project.events.values_list("id", "action", "to_stage"))
            self.today = timezone.localdate()

        @rule(action=st.sampled_from(list(Action)), role=st.sampled_from(ROLES))
        def act(self, action, role):
            before = Project.objects.get(pk=self.project.pk)
            try:
                project_act(project=self.project, action=action, acting_user=users[role],
                            **payload(action, self.today, next(counter)))
            except ApplicationError:
                after = Project.objects.get(pk=self.project.pk)
                assert (after.stage, after.version) == (before.stage, before.version)
            self.project.refresh_from_db()

        @rule()
        def step_forward(self):
            """Take the next step of the ordinary path, so random sequences also reach the late stages."""
            following = NEXT_STAGE.get(self.project.stage)
            if following is not None:
                # A random step before may have left the project where the ordinary path cannot go on.
                with contextlib.suppress(ApplicationError):
                    advance(self.project, following, users, comments=1)
                self.project.refresh_from_db()
            reached.add(self.project.stage)

        @rule()
        def time_passes(self):
            self.project.comment_periods.filter(closed_at__isnull=True).update(
                start_date=self.today - dt.timedelta(days=60), end_date=self.today - dt.timedelta(days=31))

        @rule(kind=st.sampled_from(list(DraftKind)))
        def upload(self, kind):
            with contextlib.suppress(ApplicationError):
                drafting.draft_upload(project=self.project, acting_user=users[Role.DRAFTER], kind=kind,
                                      data=docx_bytes(), file_name="稿.docx")

        @rule()
        def write_memo(self):
            with contextlib.suppress(ApplicationError):
                drafting.memo_update(project=self.project, acting_user=users[Role.DRAFTER], **memo_parts())

        @rule(disposition=st.sampled_from(list(Disposition)), reason=st.sampled_from(["", "已在5.2中体现"]))
        def comment_and_dispose(self, disposition, reason):
            try:
                comment = public_comment.comment_add(project=self.project, acting_user=users[Role.DRAFTER],
                                                     content="意见", submitter="某单位")
            except ApplicationError:
                comment = self.project.comments.first()
            if comment is not None:
                with contextlib.suppress(ApplicationError):
                    public_comment.comment_dispose(comment=comment, acting_user=users[Role.DRAFTER],
                                                   disposition=disposition, reason=reason)

        @rule(passed=st.booleans())
        def review_opinion(self, passed):
            current = self.project.review_rounds.order_by("-number").first()
            if current is None or current.conclusion or self.project.stage != Stage.REVIEW:
                return
            review.review_arrange(review=current, acting_user=users[Role.STANDARDIZATION_ADMIN], form="letter",
                                  reviewer_ids=[users[Role.REVIEWER]], meeting_date=self.today)
            review.review_opinion_submit(opinion=current.opinions.get(), acting_user=users[Role.REVIEWER],
                                         focus={k: {"ok": True} for k in "abcde"}, opinion_text="",
                                         recommendation="passed" if passed else "failed")

        @invariant()
        def published_standard_has_a_number(self):
            if self.project.stage == Stage.PUBLISHED:
                assert self.project.standard.number

        @invariant()
        def no_comment_without_disposition_at_review(self):
            if self.project.stage in (Stage.REVIEW, Stage.APPROVAL, Stage.PUBLISHED):
                counted = self.project.comments.filter(moderation=Moderation.ACCEPTED)
                assert not counted.filter(disposition="").exists()

        @invariant()
        def history_is_append_only_and_ends_at_the_stage(self):
            now = list(self.project.events.values_list("id", "action", "to_stage"))
            assert now[:len(self.history)] == self.history
            self.history = now
            assert now[-1][2] == self.project.stage

    run_state_machine_as_test(Lifecycle, settings=settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
    assert Stage.PUBLISHED in reached
