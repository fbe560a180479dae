"""What the sections of the project page show, and the forms each offers to whom."""

from django.db.models import Prefetch

from govstd.accounts.roles import Capability, has_capability

from ..access import works_on
from ..choices import FOCUS_POINTS, Disposition, Moderation
from ..forms import CommentForm, CommentImportForm, DraftUploadForm, ReviewArrangeForm, TeamMemberForm
from ..models import Project, ReviewOpinion
from ..services.drafting import DRAFT_STAGES, TEAM_STAGES
from ..services.public_comment import DISPOSITION_STAGES, STAFF_ENTRY_STAGES
from ..states import Stage

MAIN_PATH = (Stage.PROPOSAL, Stage.SUBMITTED, Stage.DRAFTING, Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW,
             Stage.APPROVAL, Stage.PUBLISHED)


def context(*, project: Project, user) -> dict:
    can_work = works_on(user, project)
    comments = list(project.comments.select_related("period").order_by("source", "created_at", "id"))
    rounds = list(project.review_rounds.prefetch_related(
        Prefetch("opinions", queryset=ReviewOpinion.objects.select_related("reviewer"))).order_by("number"))
    current_round = rounds[-1] if rounds and not rounds[-1].conclusion else None
    uploadable = [k for k, stages in DRAFT_STAGES.items() if project.stage in stages]
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
        "team_form": TeamMemberForm() if can_work and project.stage in TEAM_STAGES else None,
        "upload_form": upload_form if can_work and uploadable else None,
        "comment_form": CommentForm() if can_work and project.stage in STAFF_ENTRY_STAGES else None,
        "import_form": CommentImportForm() if can_work and project.stage in STAFF_ENTRY_STAGES else None,
        "disposition_choices": Disposition.choices,
        "can_dispose": can_work and project.stage in DISPOSITION_STAGES,
        "arrange_form": ReviewArrangeForm(initial={
            "form": current_round.form or "meeting", "meeting_date": current_round.meeting_date,
            "location": current_round.location, "reviewers": [o.reviewer_id for o in current_round.opinions.all()]})
        if current_round and project.stage == Stage.REVIEW and has_capability(user, Capability.MANAGE_PROJECTS)
        else None,
        "current_round": current_round,
    }
