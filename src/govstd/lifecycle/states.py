"""The development lifecycle of a standard (clause 7), declared once.

``TRANSITIONS`` is the whole workflow: from which stage an action leads to which stage, who may
take it and what must hold first. Services, web pages, the API and the CLI all consult it, so
the rules are written here and nowhere else. Comment periods, review rounds and periodic
reviews are their own records beside the project's stage.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from govstd.accounts.roles import Role

from . import guards


class Kind(models.TextChoices):
    DEVELOP = "develop", _("New standard")  # 制定
    REVISE = "revise", _("Revision")  # 修订


class Stage(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal in preparation")  # 立项申请
    SUBMITTED = "submitted", _("Proposal submitted")  # 立项审批
    REJECTED = "rejected", _("Proposal rejected")  # 未立项
    DRAFTING = "drafting", _("Drafting")  # 起草
    COMMENTING = "commenting", _("Public comment")  # 征求意见
    HANDLING = "handling", _("Handling comments")  # 意见处理
    REVIEW = "review", _("Under review")  # 审查
    REVIEW_FAILED = "review_failed", _("Review not passed")  # 审查不通过
    APPROVAL = "approval", _("Approval")  # 报批
    PUBLISHED = "published", _("Published")  # 已发布
    ABANDONED = "abandoned", _("Abandoned")  # 已终止


class Action(models.TextChoices):
    SUBMIT_PROPOSAL = "submit_proposal", _("Submit proposal")
    RETURN_PROPOSAL = "return_proposal", _("Return proposal for changes")
    APPROVE_PROPOSAL = "approve_proposal", _("Approve proposal")
    REJECT_PROPOSAL = "reject_proposal", _("Reject proposal")
    OPEN_COMMENT = "open_comment", _("Open comment period")
    CLOSE_COMMENT = "close_comment", _("Close comment period")
    SUBMIT_FOR_REVIEW = "submit_for_review", _("Submit for review")
    PASS_REVIEW = "pass_review", _("Conclude review: passed")
    FAIL_REVIEW = "fail_review", _("Conclude review: not passed")
    PUBLISH = "publish", _("Approve and publish")
    ABANDON = "abandon", _("Abandon project")


FINAL_STAGES = frozenset({Stage.REJECTED, Stage.PUBLISHED, Stage.ABANDONED})

ADMIN = frozenset({Role.STANDARDIZATION_ADMIN})
DRAFTERS = frozenset({Role.DRAFTER, Role.STANDARDIZATION_ADMIN})


@dataclass(frozen=True)
class Transition:
    source: Stage
    action: Action
    target: Stage
    roles: frozenset[Role]
    guards: tuple = ()


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Stage.PROPOSAL, Action.SUBMIT_PROPOSAL, Stage.SUBMITTED, DRAFTERS, (guards.proposal_complete,)),
    Transition(Stage.SUBMITTED, Action.RETURN_PROPOSAL, Stage.PROPOSAL, ADMIN, (guards.reason_given,)),
    Transition(Stage.SUBMITTED, Action.APPROVE_PROPOSAL, Stage.DRAFTING, ADMIN, (guards.decision_recorded,)),
    Transition(Stage.SUBMITTED, Action.REJECT_PROPOSAL, Stage.REJECTED, ADMIN, (guards.reason_given,)),
    Transition(Stage.DRAFTING, Action.OPEN_COMMENT, Stage.COMMENTING, ADMIN,
               (guards.comment_draft_uploaded, guards.comment_period_long_enough)),
    Transition(Stage.HANDLING, Action.OPEN_COMMENT, Stage.COMMENTING, ADMIN,
               (guards.comment_draft_uploaded, guards.comment_period_long_enough)),
    Transition(Stage.COMMENTING, Action.CLOSE_COMMENT, Stage.HANDLING, DRAFTERS, (guards.comment_period_over,)),
    Transition(Stage.HANDLING, Action.SUBMIT_FOR_REVIEW, Stage.REVIEW, DRAFTERS, (guards.review_materials_complete,)),
    Transition(Stage.REVIEW_FAILED, Action.SUBMIT_FOR_REVIEW, Stage.REVIEW, DRAFTERS,
               (guards.review_materials_complete, guards.revised_after_failed_review)),
    Transition(Stage.REVIEW, Action.PASS_REVIEW, Stage.APPROVAL, ADMIN, (guards.review_opinions_in,)),
    Transition(Stage.REVIEW, Action.FAIL_REVIEW, Stage.REVIEW_FAILED, ADMIN,
               (guards.review_opinions_in, guards.reason_given)),
    Transition(Stage.APPROVAL, Action.PUBLISH, Stage.PUBLISHED, ADMIN,
               (guards.approval_draft_uploaded, guards.publication_details_valid)),
    *(Transition(stage, Action.ABANDON, Stage.ABANDONED, ADMIN, (guards.reason_given,))
      for stage in (Stage.DRAFTING, Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW_FAILED)),
)

TRANSITION_INDEX: dict[tuple[Stage, Action], Transition] = {(t.source, t.action): t for t in TRANSITIONS}


def transition_for(stage: str, action: str) -> Transition | None:
    return TRANSITION_INDEX.get((Stage(stage), Action(action)))


def actions_from(stage: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == stage]


class PeriodicReviewConclusion(models.TextChoices):
    CONTINUE = "continue", _("Remains valid")  # 继续有效
    REVISE = "revise", _("Revise")  # 修订
    WITHDRAW = "withdraw", _("Withdraw")  # 废止
