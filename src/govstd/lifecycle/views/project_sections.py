"""What the sections of the project page show, and the forms each offers to whom.

Which forms appear is the workflow's answer for this person (``states.WORK`` through the engine),
never a stage test in a template.
"""

from django.db.models import Prefetch

from govstd.documents.registry import documents_offered
from govstd.workflow.inputs import input_form

from ..choices import FOCUS_POINTS, Disposition, DraftKind, Moderation
from ..documents import review_record_unavailable
from ..forms import CommentImportForm, DraftUploadForm
from ..inputs import CommentInput, ReviewArrangementInput, TeamMemberInput
from ..models import Project, ReviewOpinion
from ..states import DRAFT_UPLOAD_WORK, Stage, WorkKind

MAIN_PATH = (Stage.PROPOSAL, Stage.SUBMITTED, Stage.DRAFTING, Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW,
             Stage.APPROVAL, Stage.PUBLISHED)


def context(*, project: Project, work: dict) -> dict:
    """``work`` maps each kind of work this person may do now to its option (``available_actions``)."""
    allowed = {kind for kind, option in work.items() if option.allowed}
    comments = list(project.comments.select_related("period").order_by("source", "created_at", "id"))
    rounds = list(project.review_rounds.prefetch_related(
        Prefetch("opinions", queryset=ReviewOpinion.objects.select_related("reviewer"))).order_by("number"))
    current_round = rounds[-1] if rounds and not rounds[-1].conclusion else None
    for review in rounds:  # a round's record exists once it concluded; until then the page says why not
        review.record_reason = review_record_unavailable(review)
    uploadable = [DraftKind(k) for k, kind in DRAFT_UPLOAD_WORK.items() if kind in allowed]
    upload_form = DraftUploadForm()
    upload_form.fields["kind"].choices = [(k.value, k.label) for k in uploadable]
    visited = set(project.events.values_list("to_stage", flat=True))
    return {
        "stage_steps": [(s.value, s.label) for s in MAIN_PATH],
        "passed_stages": visited,
        "drafters": project.proposal.drafters.all(),
        "team": project.team.select_related("user"),
        "versions": project.versions.select_related("uploaded_by").order_by("kind", "number"),
        "memo": project.memo,
        "periods": project.comment_periods.order_by("round_no"),
        "comments": [c for c in comments if c.moderation == Moderation.ACCEPTED],
        "pending_comments": [c for c in comments if c.moderation == Moderation.PENDING],
        "rejected_comments": [c for c in comments if c.moderation == Moderation.REJECTED],
        "withdrawn_comments": [c for c in comments if c.moderation == Moderation.WITHDRAWN],
        "rounds": rounds,
        "focus_points": FOCUS_POINTS,
        "plan_items": project.plan_items.select_related("plan"),
        "can_edit_proposal": WorkKind.EDIT_PROPOSAL in allowed,
        "can_edit_memo": WorkKind.EDIT_MEMO in allowed,
        "can_moderate": WorkKind.MODERATE_COMMENTS in allowed,
        "can_withdraw": WorkKind.WITHDRAW_COMMENTS in allowed,
        "team_form": input_form(TeamMemberInput) if WorkKind.MANAGE_TEAM in allowed else None,
        "upload_form": upload_form if uploadable else None,
        "comment_form": input_form(CommentInput) if WorkKind.RECORD_COMMENTS in allowed else None,
        "import_form": CommentImportForm() if WorkKind.RECORD_COMMENTS in allowed else None,
        "disposition_choices": Disposition.choices,
        "can_dispose": WorkKind.DISPOSE_COMMENTS in allowed,
        "arrange_form": input_form(ReviewArrangementInput, initial={
            "form": current_round.form or "meeting", "meeting_date": current_round.meeting_date,
            "location": current_round.location,
            "reviewer_ids": [o.reviewer_id for o in current_round.opinions.all()]})
        if current_round and WorkKind.ARRANGE_REVIEW in allowed else None,
        "current_round": current_round,
        "documents": documents_offered(scope="project", obj=project),
    }
