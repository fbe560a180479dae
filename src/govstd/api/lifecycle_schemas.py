import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from govstd.lifecycle.choices import ReviewConclusion

from .schemas import text


class ProjectOut(Schema):
    id: int
    code: str | None
    kind: str
    title: str
    level: str
    nature: str
    category_id: int
    revises_id: int | None
    standard_id: int | None
    stage: str
    lead_unit_id: int
    lead_unit: str = Field(..., alias="lead_unit.name")
    participating_units: str
    competent_department: str
    planned_completion: dt.date | None
    version: int = Field(..., description="send back as expected_version; a stale one gets 409")
    updated_at: dt.datetime


class ProjectPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProjectOut]


class DrafterOut(Schema):
    name: str
    unit: str = ""
    title: str = ""
    speciality: str = ""
    role: str = ""


class ActionOut(ProjectOut):
    warnings: list[str] = Field([], description="allowed, but worth a second look (e.g. a short comment period)")


class AvailableActionOut(Schema):
    action: str
    label: str
    target_stage: str
    fields: list[str]
    refused_because: str | None


class EventOut(Schema):
    id: int
    action: str
    from_stage: str
    to_stage: str
    actor_name: str
    at: dt.datetime
    reason: str
    data: dict


class AvailableWorkOut(Schema):
    kind: str
    label: str
    refused_because: str | None


class ProjectDetailOut(Schema):
    project: ProjectOut
    proposal: dict
    drafters: list[DrafterOut]
    actions: list[AvailableActionOut]
    work: list[AvailableWorkOut]
    comment_counts: dict
    comment_sentence: str


class TeamMemberOut(Schema):
    id: int
    user_id: int | None
    name: str
    unit: str
    role: str
    speciality: str


class DraftOut(Schema):
    id: int
    kind: str
    number: int
    original_name: str
    size: int
    sha256: str
    clauses: list[str]
    uploaded_at: dt.datetime


class MemoOut(Schema):
    background: str
    work_summary: str
    basis: str
    main_clauses: str
    patents: str
    disagreements: str
    measures: str
    revision_changes: str
    version: int


class CommentOut(Schema):
    id: int
    period_id: int | None
    source: str
    channel: str
    clause: str
    content: str
    submitter: str
    moderation: str
    disposition: str
    reason: str
    disposition_stamp: str
    created_at: dt.datetime


class ImportOut(Schema):
    created: int
    warnings: list[str]


class ImportProblemOut(Schema):
    row: int
    column: str
    value: str
    reason: str


class ImportErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    problems: list[ImportProblemOut] = Field([], description="every bad row; empty when the file itself, or the "
                                                              "request, was refused")


class ReviewRoundOut(Schema):
    id: int
    number: int
    form: str
    meeting_date: dt.date | None
    location: str
    materials: dict
    conclusion: str
    modification_opinions: str


class FocusPoint(Schema):
    ok: bool
    note: text(2000, multiline=True) = ""


class OpinionIn(Schema):
    focus: dict[Literal["a", "b", "c", "d", "e"], FocusPoint] = Field(
        ..., description="keys a–e, the focus points of clause 7.5")
    opinion: text(5000, multiline=True) = ""
    recommendation: ReviewConclusion


class OpinionOut(Schema):
    id: int
    round_id: int
    reviewer_id: int
    focus: dict
    opinion: str
    recommendation: str
    submitted_at: dt.datetime | None


class PlanItemOut(Schema):
    seq: int
    project_id: int
    title: str
    kind: str
    lead_unit: str
    deadline: dt.date | None
    carried_over: bool
    stage: str
    progress: str


class PlanOut(Schema):
    year: int
    title: str
    items: list[PlanItemOut]


class DueStandardOut(Schema):
    id: int
    number: str
    title: str
    level: str
    status: str
    review_due_date: dt.date | None
    open_review_id: int | None


class ReviewCoverageOut(Schema):
    levels: list[str] = Field(..., description="levels reviewed here (GOVSTD_PERIODIC_REVIEW_LEVELS)")
    others: list[str] = Field(..., description="levels reviewed by the bodies that issue them")
    note: str


class DuePage(Schema):
    count: int
    overdue: int
    upcoming: int
    within_days: int
    coverage: ReviewCoverageOut
    results: list[DueStandardOut]


class PeriodicReviewOut(Schema):
    id: int
    standard_id: int
    trigger: str
    reason: str
    due_date: dt.date
    conclusion: str
    conclusion_reason: str
    opinions: str = Field("", description="the reviewers and their opinions, one line each: name (unit): opinion")
    concluded_on: dt.date | None
    revision_project_id: int | None


class PublicCommentOut(Schema):
    id: int
    moderation: str = Field(..., description="pending until the drafting unit has looked at it")


class PublicPeriodOut(Schema):
    id: int
    title: str = Field(..., alias="project.title")
    level: str = Field(..., alias="project.level")
    start_date: dt.date
    end_date: dt.date
    clauses: list[str] = Field(..., alias="draft.clauses")




class DocumentOfferOut(Schema):
    kind: str
    label: str
    formats: list[str]
    available: bool
    refused_because: str | None = None
