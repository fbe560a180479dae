"""Development lifecycle endpoints (clause 7): the same transition table and services as the
web pages, so a step refused on screen is refused here with the same reason (409 / 403)."""

from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from govstd.accounts.middleware import client_address
from govstd.accounts.roles import Capability
from govstd.catalog.levels import Level
from govstd.catalog.models import Standard
from govstd.catalog.selectors.review_due import review_due_summary
from govstd.documents.files import attachment
from govstd.documents.registry import document_export, documents_offered
from govstd.errors import ApplicationError, NotFound
from govstd.jobs.services import job_run_inline
from govstd.lifecycle.access import opinion_for_reviewer, project_for_view, project_for_work, review_round_for_view
from govstd.lifecycle.choices import FIRST_PLAN_YEAR, LAST_PLAN_YEAR, DraftKind, Source
from govstd.lifecycle.draft_files import check_draft_size
from govstd.lifecycle.exports import plan_export, project_document_export
from govstd.lifecycle.inputs import (
    CommentInput,
    CommentWithdrawalInput,
    DispositionInput,
    MemoInput,
    ModerationInput,
    PeriodicReviewConclusionInput,
    PeriodicReviewInput,
    ProposalInput,
    PublicCommentInput,
    ReviewArrangementInput,
    TeamMemberInput,
)
from govstd.lifecycle.jobs import IMPORT_COMMENTS
from govstd.lifecycle.models import AnnualPlan, Comment, DraftVersion, PeriodicReview, Project, ReviewRound
from govstd.lifecycle.selectors.comments import comment_counts, open_public_periods
from govstd.lifecycle.selectors.periodic_reviews import standards_due_for_review
from govstd.lifecycle.selectors.plans import plan_progress
from govstd.lifecycle.selectors.projects import project_list, project_timeline
from govstd.lifecycle.services import drafting, periodic_review, proposal, public_comment, review
from govstd.lifecycle.services.actions import available_actions, project_act
from govstd.lifecycle.services.comment_import import CommentImportReport
from govstd.lifecycle.services.plan import annual_plan_carry_over
from govstd.lifecycle.services.proposal import PROPOSAL_FIELDS
from govstd.lifecycle.states import Action, Kind, Stage
from govstd.lifecycle.workflow import LIFECYCLE
from govstd.pagination import page_window
from govstd.workflow.engine import input_for

from .auth import authorized
from .lifecycle_schemas import (
    ActionOut,
    CommentOut,
    DocumentOfferOut,
    DraftOut,
    DuePage,
    EventOut,
    ImportErrorOut,
    ImportOut,
    MemoOut,
    OpinionIn,
    OpinionOut,
    PeriodicReviewOut,
    PlanOut,
    ProjectDetailOut,
    ProjectOut,
    ProjectPage,
    PublicCommentOut,
    PublicPeriodOut,
    ReviewRoundOut,
    TeamMemberOut,
)
from .requests import (
    EXPECTED_VERSION,
    declared_body,
    declared_schema,
    json_body,
    pop_expected_version,
    request_body,
)
from .schemas import MAX_PAGE, ErrorOut, Page, column_text, rows_per_page, text

router = Router(tags=["development lifecycle"], auth=authorized(Capability.VIEW_PROJECTS))
public_router = Router(tags=["public comment"], auth=None)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
PlanYear = Path[int, {"ge": FIRST_PLAN_YEAR, "le": LAST_PLAN_YEAR}]  # a plan year in range, else 400 (never a 500)



class ProjectFilters(Schema):
    stage: Stage | Literal[""] = ""
    kind: Kind | Literal[""] = ""
    level: Level | Literal[""] = ""
    year: int | None = Field(None, ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR)
    q: text(200) = ""
    page: Page = 1
    page_size: rows_per_page(200) = 50


def _project(project_id: int, request) -> Project:
    return project_for_view(user=request.user, project_id=project_id)


@router.get("/projects", response={200: ProjectPage, **ERRORS})
def list_projects(request, filters: Query[ProjectFilters]):
    rows = project_list(**filters.dict(exclude={"page", "page_size"}))
    return {"count": rows.count(), "page": filters.page, "page_size": filters.page_size,
            "results": list(rows[page_window(page=filters.page, page_size=filters.page_size)])}


@router.post("/projects", response={201: ProjectOut, **ERRORS}, auth=authorized(Capability.PROPOSE_PROJECTS),
             summary="Start a proposal (Table B.1)", openapi_extra=declared_body(ProposalInput))
def create_project(request):
    return Status(201, proposal.project_create(acting_user=request.user, **json_body(request)))


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, **ERRORS},
            summary="A project, its proposal, and what this user may do next (and why not yet)")
def get_project(request, project_id: int):
    project = _project(project_id, request)
    options = available_actions(project=project, user=request.user)
    actions = [{"action": o.name, "label": o.label, "target_stage": o.target, "fields": list(o.fields),
                "refused_because": o.reason or None} for o in options if o.kind == "action"]
    work = [{"kind": o.name, "label": o.label, "refused_because": o.reason or None}
            for o in options if o.kind == "work"]
    counts = comment_counts(project=project)
    proposal_data = {f: getattr(project.proposal, f) for f in PROPOSAL_FIELDS}
    for key in ("decision_authority", "decision_body", "decision_date", "decision_reference"):
        proposal_data[key] = getattr(project.proposal, key)
    return {"project": project, "proposal": proposal_data, "drafters": list(project.proposal.drafters.all()),
            "actions": actions, "work": work, "comment_counts": counts.__dict__,
            "comment_sentence": counts.sentence()}


@router.patch("/projects/{project_id}/proposal", response={200: ProjectOut, **ERRORS},
              auth=authorized(Capability.PROPOSE_PROJECTS), summary="Change Table B.1; fields not sent stay",
              openapi_extra=declared_body(ProposalInput, expected_version=EXPECTED_VERSION))
def update_proposal(request, project_id: int):
    project = _project(project_id, request)
    data = json_body(request)
    expected = pop_expected_version(data)
    return proposal.proposal_update(project=project, acting_user=request.user, expected_version=expected, **data)


@router.get("/projects/{project_id}/events", response={200: list[EventOut], **ERRORS},
            summary="The project's history: every step, who, when, why (R-7-H)")
def project_events(request, project_id: int):
    return list(project_timeline(project=_project(project_id, request)))


def _action_bodies() -> dict:
    """The request body of each action, from the one declaration the project page's forms use too."""
    bodies = [{**declared_schema(input_for(LIFECYCLE, action), expected_version=EXPECTED_VERSION),
               "title": action.value, "description": str(action.label)} for action in Action]
    return request_body({"oneOf": bodies}, required=False)


@router.post("/projects/{project_id}/actions/{action}", response={200: ActionOut, **ERRORS},
             summary="Take a lifecycle action; refused with the reason when the stage, role, input or a guard "
                     "forbids it", openapi_extra=_action_bodies())
def act(request, project_id: int, action: Action):
    project = _project(project_id, request)
    data = json_body(request)
    expected = pop_expected_version(data)
    taken = project_act(project=project, action=action, acting_user=request.user, expected_version=expected, **data)
    project = Project.objects.select_related("lead_unit").get(pk=project_id)
    project.warnings = taken.warnings
    return project


@router.get("/projects/{project_id}/drafts", response={200: list[DraftOut], **ERRORS})
def list_drafts(request, project_id: int):
    return list(_project(project_id, request).versions.order_by("kind", "number"))


@router.post("/projects/{project_id}/drafts", response={201: DraftOut, **ERRORS},
             auth=authorized(Capability.WORK_ON_DRAFTS), summary="Upload a draft (.docx or .pdf)")
def upload_draft(request, project_id: int, kind: Form[DraftKind], file: File[UploadedFile],
                 note: column_text(DraftVersion, "note") = Form("")):  # noqa: B008 — ninja's marker keeps the type
    project = project_for_work(user=request.user, project_id=project_id)
    check_draft_size(file.size)
    version = drafting.draft_upload(project=project, acting_user=request.user, kind=kind, data=file.read(),
                                    file_name=file.name or "draft", note=note)
    return Status(201, version)


@router.get("/projects/{project_id}/documents", response={200: list[DocumentOfferOut], **ERRORS},
            summary="The project's documents, each with its formats, or why it does not exist yet")
def project_documents(request, project_id: int):
    project = _project(project_id, request)
    return [{"kind": o.kind.name, "label": o.kind.label, "formats": list(o.kind.formats), "available": o.available,
             "refused_because": o.reason} for o in documents_offered(scope="project", obj=project)]


@router.get("/projects/{project_id}/documents/{document}.{fmt}", response={200: None, **ERRORS},
            summary="A project's document: proposal (Table B.1), memo, comments (Table D.1), publication-record, "
                    "review-materials / approval-materials (.zip with an index); 409 while its facts do not exist")
def project_document(request, project_id: int, document: str, fmt: str):
    return attachment(project_document_export(project=_project(project_id, request), document=document, fmt=fmt,
                                              acting_user=request.user))


@router.get("/reviews/{round_id}/record.{fmt}", response={200: None, **ERRORS},
            summary="The review record of a concluded round (.docx / .pdf, R-7.5-1); 409 before the conclusion")
def review_record(request, round_id: int, fmt: str):
    review = review_round_for_view(user=request.user, round_id=round_id)
    return attachment(document_export(kind="review-record", key=f"{review.project_id}:{review.number}", fmt=fmt,
                                      acting_user=request.user))


@router.get("/projects/{project_id}/team", response={200: list[TeamMemberOut], **ERRORS})
def list_team(request, project_id: int):
    return list(_project(project_id, request).team.all())


@router.post("/projects/{project_id}/team", response={201: TeamMemberOut, **ERRORS},
             auth=authorized(Capability.WORK_ON_DRAFTS), summary="Add a member to the drafting group",
             openapi_extra=declared_body(TeamMemberInput))
def add_team_member(request, project_id: int):
    return Status(201, drafting.team_member_add(project=_project(project_id, request), acting_user=request.user,
                                                **json_body(request)))


@router.get("/projects/{project_id}/memo", response={200: MemoOut, **ERRORS})
def get_memo(request, project_id: int):
    return _project(project_id, request).memo


@router.put("/projects/{project_id}/memo", response={200: MemoOut, **ERRORS},
            auth=authorized(Capability.WORK_ON_DRAFTS), summary="Change parts a)–g) of the memo; parts not sent stay",
            openapi_extra=declared_body(MemoInput, expected_version=EXPECTED_VERSION))
def update_memo(request, project_id: int):
    project = _project(project_id, request)
    data = json_body(request)
    expected = pop_expected_version(data)
    return drafting.memo_update(project=project, acting_user=request.user, expected_version=expected, **data)


@router.get("/projects/{project_id}/comments", response={200: list[CommentOut], **ERRORS})
def list_comments(request, project_id: int):
    return list(_project(project_id, request).comments.order_by("source", "created_at", "id"))


@router.post("/projects/{project_id}/comments", response={201: CommentOut, **ERRORS},
             auth=authorized(Capability.WORK_ON_DRAFTS), summary="Record a comment received by letter, mail, …",
             openapi_extra=declared_body(CommentInput))
def add_comment(request, project_id: int):
    project = _project(project_id, request)
    return Status(201, public_comment.comment_add(project=project, acting_user=request.user, **json_body(request)))


@router.post("/projects/{project_id}/comments/import", response={201: ImportOut, 400: ImportErrorOut,
                                                                 **{k: v for k, v in ERRORS.items() if k != 400}},
             auth=authorized(Capability.WORK_ON_DRAFTS), summary="Import comments from .xlsx/.csv: all rows or none")
def import_comments(request, project_id: int, file: File[UploadedFile], source: Form[Source] = Source.UNITS):
    """Answer at once (201, or 400 with every bad row — ``problems`` is empty when the file itself was
    refused); ``POST /imports/comments`` queues the same job instead."""
    project = _project(project_id, request)
    run = job_run_inline(kind=IMPORT_COMMENTS, acting_user=request.user, label=f"{project.code} {file.name}",
                         upload=file, input_name=file.name or "意见表",
                         params={"project_id": project.pk, "source": source})
    if isinstance(run.detail, CommentImportReport) and run.detail.problems:
        error = run.job.error or {}
        return Status(400, {**error, "problems": [p.__dict__ for p in run.detail.problems]})
    try:
        run.raise_for_error()
    except ApplicationError as error:
        if error.http_status != 400:
            raise
        return Status(400, {**error.as_dict(), "problems": []})
    return Status(201, {"created": run.detail.created, "warnings": run.detail.warnings})


@router.post("/comments/{comment_id}/disposition", response={200: CommentOut, **ERRORS},
             auth=authorized(Capability.WORK_ON_DRAFTS),
             openapi_extra=declared_body(DispositionInput, seen={
                 "type": "string", "description": "disposition_stamp as loaded; a stale one gets 409"}))
def dispose_comment(request, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id)
    data = json_body(request)
    seen = data.pop("seen", None)
    return public_comment.comment_dispose(comment=comment, acting_user=request.user,
                                          seen=None if seen is None else str(seen), **data)


@router.post("/comments/{comment_id}/withdrawal", response={200: CommentOut, **ERRORS},
             auth=authorized(Capability.WORK_ON_DRAFTS), summary="Take back a comment entered by mistake",
             openapi_extra=declared_body(CommentWithdrawalInput))
def withdraw_comment(request, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id)
    return public_comment.comment_withdraw(comment=comment, acting_user=request.user, **json_body(request))


@router.post("/comments/{comment_id}/moderation", response={200: CommentOut, **ERRORS},
             auth=authorized(Capability.WORK_ON_DRAFTS), summary="Accept or set aside a comment from the public page",
             openapi_extra=declared_body(ModerationInput))
def moderate_comment(request, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id)
    return public_comment.comment_moderate(comment=comment, acting_user=request.user, **json_body(request))


@router.get("/projects/{project_id}/reviews", response={200: list[ReviewRoundOut], **ERRORS})
def list_reviews(request, project_id: int):
    return list(_project(project_id, request).review_rounds.order_by("number"))


@router.post("/reviews/{round_id}/arrange", response={200: ReviewRoundOut, **ERRORS},
             auth=authorized(Capability.MANAGE_PROJECTS), openapi_extra=declared_body(ReviewArrangementInput))
def arrange_review(request, round_id: int):
    return review.review_arrange(review=get_object_or_404(ReviewRound, pk=round_id), acting_user=request.user,
                                 **json_body(request))


@router.post("/opinions/{opinion_id}", response={200: OpinionOut, **ERRORS},
             auth=authorized(Capability.GIVE_REVIEW_OPINIONS), summary="Hand in an expert's review opinion")
def submit_opinion(request, opinion_id: int, payload: OpinionIn):
    opinion = opinion_for_reviewer(user=request.user, opinion_id=opinion_id)
    return review.review_opinion_submit(opinion=opinion, acting_user=request.user,
                                        focus={k: v.dict() for k, v in payload.focus.items()},
                                        opinion_text=payload.opinion, recommendation=payload.recommendation)


@router.get("/plans", response={200: list[int], **ERRORS}, summary="The years that have a plan")
def list_plans(request):
    return list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True))


@router.get("/plans/{year}/plan.{fmt}", response={200: None, **ERRORS}, summary="Table C.1 as .docx or .xlsx")
def plan_document(request, year: PlanYear, fmt: str):
    return attachment(plan_export(plan=get_object_or_404(AnnualPlan, year=year), fmt=fmt, acting_user=request.user))


@router.get("/plans/{year}", response={200: PlanOut, **ERRORS}, summary="Table C.1 with each project's progress")
def get_plan(request, year: PlanYear):
    plan = get_object_or_404(AnnualPlan, year=year)
    return {"year": plan.year, "title": str(plan), "items": [
        {"seq": p.item.seq, "project_id": p.item.project_id, "title": p.item.project.title,
         "kind": p.item.project.kind, "lead_unit": p.item.project.lead_unit.name, "deadline": p.item.deadline,
         "carried_over": p.item.carried_over, "stage": p.item.project.stage, "progress": p.state}
        for p in plan_progress(plan=plan)]}


@router.post("/plans/{year}/carry-over", response={200: PlanOut, **ERRORS},
             auth=authorized(Capability.MANAGE_PROJECTS))
def carry_over(request, year: PlanYear):
    annual_plan_carry_over(year=year, acting_user=request.user)
    return get_plan(request, year)


@router.get("/periodic-reviews/due", response={200: DuePage, **ERRORS},
            summary="Standards due for periodic review within 90 days, overdue, or in review (R-7.7-1)")
def due_reviews(request, page: int = Query(1, ge=1, le=MAX_PAGE),
                page_size: int = Query(100, ge=1, le=500)):
    today = timezone.localdate()
    due = standards_due_for_review(today=today)
    rows = list(due[page_window(page=page, page_size=page_size)])
    open_reviews = dict(PeriodicReview.objects.filter(conclusion="", standard__in=rows)
                        .values_list("standard_id", "id"))
    summary = review_due_summary(today=today)
    coverage = summary.coverage
    return {"count": due.count(), "overdue": summary.overdue, "upcoming": summary.upcoming,
            "within_days": summary.within_days,
            "coverage": {"levels": coverage.levels, "others": coverage.others, "note": coverage.note}, "results": [
        {"id": s.pk, "number": s.number, "title": s.title, "level": s.level, "status": s.status,
         "review_due_date": s.review_due_date, "open_review_id": open_reviews.get(s.pk)} for s in rows]}


@router.post("/standards/{standard_id}/periodic-reviews", response={201: PeriodicReviewOut, **ERRORS},
             auth=authorized(Capability.MANAGE_PROJECTS), summary="Open a periodic review, early with a reason",
             openapi_extra=declared_body(PeriodicReviewInput))
def open_review(request, standard_id: int):
    standard = get_object_or_404(Standard, pk=standard_id)
    return Status(201, periodic_review.periodic_review_open(standard=standard, acting_user=request.user,
                                                            **json_body(request)))


@router.get("/periodic-reviews/{review_id}/record.{fmt}", response={200: None, **ERRORS},
            summary="The periodic-review record (.docx / .pdf, R-7.7-2); 409 before the conclusion")
def periodic_review_record(request, review_id: int, fmt: str):
    return attachment(document_export(kind="periodic-review-record", key=str(review_id), fmt=fmt,
                                      acting_user=request.user))


@router.post("/periodic-reviews/{review_id}/conclusion", response={200: PeriodicReviewOut, **ERRORS},
             auth=authorized(Capability.MANAGE_PROJECTS), summary="继续有效 / 修订 / 废止 (R-7.7-2)",
             openapi_extra=declared_body(PeriodicReviewConclusionInput))
def conclude_review(request, review_id: int):
    return periodic_review.periodic_review_conclude(review=get_object_or_404(PeriodicReview, pk=review_id),
                                                    acting_user=request.user, **json_body(request))


@public_router.get("/public/comment-periods", response={200: list[PublicPeriodOut]},
                   summary="Drafts open for public comment today (no account needed)")
def public_periods(request):
    return list(open_public_periods(today=timezone.localdate()))


@public_router.post("/public/comment-periods/{period_id}/comments", response={201: PublicCommentOut, 429: ErrorOut,
                                                                             **ERRORS},
                    summary="Comment on a draft open for public comment; held for moderation, rate-limited",
                    openapi_extra=declared_body(PublicCommentInput))
def public_comment_post(request, period_id: int):
    period = open_public_periods(today=timezone.localdate()).filter(pk=period_id).first()
    if period is None:
        raise NotFound(_("No such standard is out for public comment."))
    comment = public_comment.public_comment_submit(period=period, client_address=client_address(request),
                                                   **json_body(request))
    return Status(201, {"id": comment.pk, "moderation": comment.moderation})
