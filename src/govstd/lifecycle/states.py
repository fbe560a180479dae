"""The development lifecycle of a standard (clause 7), declared once.

``TRANSITIONS`` says from which stage an action leads to which stage, who may take it and what
must hold first; the two entries (source ``None``) are how a project comes into being: proposed
by a drafting unit, or opened at drafting by a periodic review that concluded 修订. ``WORK`` says
which work is allowed in which stage and for whom. Services, web pages, the API and the CLI all
go through the workflow engine with these tables, so the rules are written here and nowhere
else. Comment periods, review rounds and periodic reviews are their own records beside the stage.
No work is done in a final stage: a published, rejected or abandoned project's records stay as
they were (the engine refuses it, and refuses a ``WORK`` row that lists a final stage).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govstd.accounts.roles import Role
from govstd.workflow.table import ANYONE, Transition, Work

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
    ABANDONED = "abandoned", _("Abandoned")  # 已废止: what 废止本项目 (7.5) leaves


class Entry(models.TextChoices):
    """How a project comes into the lifecycle."""

    CREATE = "create", _("Project created")  # 创建立项申请
    OPEN_REVISION = "open_revision", _("Revision opened by periodic review")  # 复审结论为修订


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


# Steps that send a project back or end it: never the step a page offers first (the panel lists the
# steps that move the project forward first, and shows these as dangerous).
BACKWARD_ACTIONS = frozenset({Action.RETURN_PROPOSAL, Action.REJECT_PROPOSAL, Action.FAIL_REVIEW, Action.ABANDON})


class WorkKind(models.TextChoices):
    """Work done inside a stage; the labels complete “cannot … now”."""

    EDIT_PROPOSAL = "edit_proposal", _("edit the proposal")  # 修改立项建议书
    MANAGE_TEAM = "manage_team", _("change the drafting group")  # 调整起草组
    UPLOAD_WORKING_DRAFT = "upload_working_draft", _("upload a working draft")  # 上传草案
    UPLOAD_COMMENT_DRAFT = "upload_comment_draft", _("upload the draft for comment")  # 上传征求意见稿
    UPLOAD_REVIEW_DRAFT = "upload_review_draft", _("upload the draft for review")  # 上传送审稿
    UPLOAD_APPROVAL_DRAFT = "upload_approval_draft", _("upload the draft for approval")  # 上传报批稿
    EDIT_MEMO = "edit_memo", _("edit the explanatory memo")  # 修改编制说明
    RECORD_COMMENTS = "record_comments", _("record comments")  # 录入意见
    MODERATE_COMMENTS = "moderate_comments", _("moderate public comments")  # 审核公众意见
    DISPOSE_COMMENTS = "dispose_comments", _("change dispositions")  # 修改处理意见
    WITHDRAW_COMMENTS = "withdraw_comments", _("withdraw comments")  # 撤回意见
    ARRANGE_REVIEW = "arrange_review", _("arrange the review")  # 安排审查
    GIVE_OPINIONS = "give_opinions", _("give review opinions")  # 提交审查意见
    COMMENT_PUBLICLY = "comment_publicly", _("comment on the public page")  # 公开征求意见


# Every kind of row in a project's history.
EventType = models.TextChoices("EventType", [(m.name, (m.value, m.label)) for m in (*Entry, *Action, *WorkKind)])

FINAL_STAGES = frozenset({Stage.REJECTED, Stage.PUBLISHED, Stage.ABANDONED})
OPEN_STAGES = frozenset(Stage) - FINAL_STAGES

ADMIN = frozenset({Role.STANDARDIZATION_ADMIN})
DRAFTERS = frozenset({Role.DRAFTER, Role.STANDARDIZATION_ADMIN})  # a drafting unit only on its own projects
REVIEWERS = frozenset({Role.REVIEWER})
OPEN_PERIOD = (guards.comment_draft_uploaded, guards.comment_period_dates_sane,
               guards.comment_period_public_when_required, guards.comment_period_long_enough)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(None, Entry.CREATE, Stage.PROPOSAL, DRAFTERS, (guards.project_values_valid, guards.proposal_dates_sane)),
    Transition(None, Entry.OPEN_REVISION, Stage.DRAFTING, ADMIN,
               (guards.revision_concluded, guards.no_other_open_project)),
    Transition(Stage.PROPOSAL, Action.SUBMIT_PROPOSAL, Stage.SUBMITTED, DRAFTERS, (guards.proposal_complete,)),
    Transition(Stage.SUBMITTED, Action.RETURN_PROPOSAL, Stage.PROPOSAL, ADMIN),
    Transition(Stage.SUBMITTED, Action.APPROVE_PROPOSAL, Stage.DRAFTING, ADMIN,
               (guards.decided_by_today, guards.decided_after_submission, guards.plan_year_of_the_decision)),
    Transition(Stage.SUBMITTED, Action.REJECT_PROPOSAL, Stage.REJECTED, ADMIN),
    Transition(Stage.DRAFTING, Action.OPEN_COMMENT, Stage.COMMENTING, ADMIN, OPEN_PERIOD,
               (guards.short_comment_period,)),
    Transition(Stage.HANDLING, Action.OPEN_COMMENT, Stage.COMMENTING, ADMIN, OPEN_PERIOD,
               (guards.short_comment_period,)),
    Transition(Stage.COMMENTING, Action.CLOSE_COMMENT, Stage.HANDLING, DRAFTERS, (guards.comment_period_over,)),
    Transition(Stage.HANDLING, Action.SUBMIT_FOR_REVIEW, Stage.REVIEW, DRAFTERS, (guards.review_materials_complete,)),
    Transition(Stage.REVIEW_FAILED, Action.SUBMIT_FOR_REVIEW, Stage.REVIEW, DRAFTERS,
               (guards.review_materials_complete, guards.revised_after_failed_review)),
    Transition(Stage.REVIEW, Action.PASS_REVIEW, Stage.APPROVAL, ADMIN, (guards.review_opinions_in,)),
    Transition(Stage.REVIEW, Action.FAIL_REVIEW, Stage.REVIEW_FAILED, ADMIN, (guards.review_opinions_in,)),
    Transition(Stage.APPROVAL, Action.PUBLISH, Stage.PUBLISHED, ADMIN,
               (guards.approval_draft_uploaded, guards.publication_details_valid, guards.publication_dates_sane)),
    # A project can end from every open stage (7.5: 废止本项目), so that none sticks, blocking its standard:
    # its drafting unit withdraws a proposal still in preparation, the office ends it later — also in
    # review and at approval, where the authority may refuse it. A submitted proposal ends by rejection.
    Transition(Stage.PROPOSAL, Action.ABANDON, Stage.ABANDONED, DRAFTERS),
    *(Transition(stage, Action.ABANDON, Stage.ABANDONED, ADMIN)
      for stage in (Stage.DRAFTING, Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW, Stage.REVIEW_FAILED,
                    Stage.APPROVAL)),
)

COMMENT_WORK_STAGES = frozenset({Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW_FAILED})
# Public comments are moderated before they are handled: no pending ones are left once a draft goes to review.
MODERATION_STAGES = frozenset({Stage.COMMENTING, Stage.HANDLING})

WORK: tuple[Work, ...] = (
    Work(WorkKind.EDIT_PROPOSAL, frozenset({Stage.PROPOSAL}), DRAFTERS),
    Work(WorkKind.MANAGE_TEAM, OPEN_STAGES, DRAFTERS),
    Work(WorkKind.UPLOAD_WORKING_DRAFT, frozenset({Stage.DRAFTING, Stage.HANDLING}), DRAFTERS),
    Work(WorkKind.UPLOAD_COMMENT_DRAFT, frozenset({Stage.DRAFTING, Stage.HANDLING}), DRAFTERS),
    Work(WorkKind.UPLOAD_REVIEW_DRAFT, frozenset({Stage.HANDLING, Stage.REVIEW_FAILED}), DRAFTERS),
    Work(WorkKind.UPLOAD_APPROVAL_DRAFT, frozenset({Stage.APPROVAL}), DRAFTERS),
    Work(WorkKind.EDIT_MEMO, frozenset({Stage.DRAFTING, Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW_FAILED,
                                        Stage.APPROVAL}), DRAFTERS),
    Work(WorkKind.RECORD_COMMENTS, frozenset({Stage.COMMENTING, Stage.HANDLING}), DRAFTERS),
    Work(WorkKind.MODERATE_COMMENTS, MODERATION_STAGES, DRAFTERS),
    Work(WorkKind.DISPOSE_COMMENTS, COMMENT_WORK_STAGES, DRAFTERS),
    Work(WorkKind.WITHDRAW_COMMENTS, COMMENT_WORK_STAGES, DRAFTERS),
    Work(WorkKind.ARRANGE_REVIEW, frozenset({Stage.REVIEW}), ADMIN, (guards.review_round_open,)),
    Work(WorkKind.GIVE_OPINIONS, frozenset({Stage.REVIEW}), REVIEWERS, (guards.review_round_open,)),
    Work(WorkKind.COMMENT_PUBLICLY, frozenset({Stage.COMMENTING}), ANYONE),
)

# Which work uploads which kind of draft.
DRAFT_UPLOAD_WORK = {
    "working_draft": WorkKind.UPLOAD_WORKING_DRAFT,
    "comment_draft": WorkKind.UPLOAD_COMMENT_DRAFT,
    "review_draft": WorkKind.UPLOAD_REVIEW_DRAFT,
    "approval_draft": WorkKind.UPLOAD_APPROVAL_DRAFT,
}

TRANSITION_INDEX: dict[tuple[Stage | None, str], Transition] = {(t.source, t.action): t for t in TRANSITIONS}


class PeriodicReviewConclusion(models.TextChoices):
    CONTINUE = "continue", _("Remains valid")  # 继续有效
    REVISE = "revise", _("Revise")  # 修订
    WITHDRAW = "withdraw", _("Withdraw")  # 废止


class Procedure(models.TextChoices):
    """Procedures of clause 7 kept beside a project's stages, with records of their own."""

    PERIODIC_REVIEW = "periodic_review", pgettext_lazy("procedure", "Periodic review")  # 标准复审 (7.7)


@dataclass(frozen=True)
class Beside:
    """A procedure beside the lifecycle: the stage its subject comes out of, who carries it out, how it
    may conclude, and which conclusion brings the subject back into the lifecycle, by which entry."""

    procedure: Procedure
    after: Stage
    roles: frozenset
    conclusions: type[models.TextChoices]
    opens: Mapping[str, Entry]


# 7.1 lists 标准复审 as the last procedure of Figure 6; 7.7 says how it ends — 继续有效, 修订 (from 7.3 起草 again,
# by Entry.OPEN_REVISION) or 废止. The figure draws it from here; the periodic review opens its revision by it.
PERIODIC_REVIEW = Beside(Procedure.PERIODIC_REVIEW, Stage.PUBLISHED, ADMIN, PeriodicReviewConclusion,
                         {PeriodicReviewConclusion.REVISE: Entry.OPEN_REVISION})
PROCEDURES: tuple[Beside, ...] = (PERIODIC_REVIEW,)
