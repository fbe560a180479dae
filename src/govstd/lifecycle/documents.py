"""The lifecycle's documents in the one document registry (``govstd.documents.registry``), which the
project, review and periodic-review pages, the API and ``govstd export-document`` all use.

Each document is found from a key a person can type — a project's code or number, ``CODE:N`` for
review round N, a plan's year, a periodic review's number — through the same access helpers as the
pages (``lifecycle.access``), and is offered only once its facts exist.
"""

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.documents import registry
from govstd.documents.files import CONTENT_TYPES, ExportFile
from govstd.documents.pdf import office_to_pdf
from govstd.documents.registry import DocumentKind
from govstd.errors import Conflict, NotFound

from .access import project_for_view
from .exports.comment_table import comment_table_docx, comment_table_xlsx
from .exports.material_sets import SETS, approval_set_unavailable, material_set_zip, review_set_unavailable
from .exports.memo import memo_docx
from .exports.plan_table import plan_docx, plan_title, plan_xlsx
from .exports.proposal_form import proposal_docx
from .exports.records import periodic_review_record_docx, publication_record_docx, review_record_docx
from .models import AnnualPlan, PeriodicReview, Project, ReviewRound
from .selectors.comments import comment_summary
from .states import Stage

ZIP_TYPE = "application/zip"
Builders = dict[str, Callable[[object], bytes]]


def _printed(build: Callable[[object], bytes]) -> Callable[[object], bytes]:
    """The PDF of a document: its Word version printed by LibreOffice, so the two never differ."""
    return lambda subject: office_to_pdf(build(subject), suffix="docx")


def _word_and_pdf(build: Callable[[object], bytes]) -> Builders:
    return {"docx": build, "pdf": _printed(build)}


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d")


def _exporter(
    label: str,
    builders: Builders,
    name_of: Callable[[object], str],
    audited: Callable[[object], object] = lambda obj: obj,
) -> Callable[..., ExportFile]:
    """Make the file, record the export against the object in the audit log, name the file."""

    def export(obj, *, fmt: str, acting_user) -> ExportFile:
        content = builders[fmt](obj)
        audit_record(
            actor=acting_user, action=AuditEntry.Action.EXPORT, instance=audited(obj), message=f"{label}.{fmt}"
        )
        return ExportFile(content, f"{name_of(obj)}_{label}_{_stamp()}.{fmt}", CONTENT_TYPES.get(fmt, ZIP_TYPE))

    return export


# --- finding the object, with the pages' access checks -------------------------------------------


def find_project(*, user, key: str) -> Project:
    """A project by its code (XM2026-0001) or its number, if the user may see projects."""
    require(user, Capability.VIEW_PROJECTS)
    key = key.strip()
    found = Project.objects.filter(code=key).values_list("pk", flat=True).first()
    if found is None and key.isdigit() and len(key) <= 18:
        found = int(key)
    if found is None:
        raise NotFound(gettext("There is no project %(key)s.") % {"key": key})
    return project_for_view(user=user, project_id=found)


def find_review_round(*, user, key: str) -> ReviewRound:
    """``CODE`` (its latest concluded round, else its latest) or ``CODE:N`` (round N)."""
    project_key, _, number = key.partition(":")
    project = find_project(user=user, key=project_key)
    rounds = project.review_rounds.select_related("project__lead_unit", "concluded_by").order_by("-number")
    if number:
        review = rounds.filter(number=int(number)).first() if number.isdigit() and len(number) < 5 else None
        if review is None:
            raise NotFound(gettext("Project %(code)s has no review round %(number)s.") % {
                "code": project.code, "number": number})
        return review
    review = rounds.exclude(conclusion="").first() or rounds.first()
    if review is None:
        raise Conflict(gettext("Project %(code)s has not been submitted for review; there is no review record.") % {
            "code": project.code})
    return review


def find_periodic_review(*, user, key: str) -> PeriodicReview:
    require(user, Capability.VIEW_PROJECTS)
    if not key.isdigit() or len(key) > 18:
        raise NotFound(gettext("There is no periodic review %(key)s.") % {"key": key})
    review = PeriodicReview.objects.select_related("standard", "revision_project").filter(pk=int(key)).first()
    if review is None:
        raise NotFound(gettext("There is no periodic review %(key)s.") % {"key": key})
    return review


def find_plan(*, user, key: str) -> AnnualPlan:
    require(user, Capability.VIEW_PROJECTS)
    plan = AnnualPlan.objects.filter(year=int(key)).first() if key.isdigit() and len(key) == 4 else None
    if plan is None:
        raise NotFound(gettext("There is no annual plan for %(key)s.") % {"key": key})
    return plan


# --- why a record does not exist yet --------------------------------------------------------------


def review_record_unavailable(review: ReviewRound) -> str | None:
    if not review.conclusion:
        return gettext("Review round %(number)s has no conclusion yet; its record is made once it concludes.") % {
            "number": review.number}
    return None


def publication_record_unavailable(project: Project) -> str | None:
    if project.stage != Stage.PUBLISHED or project.standard is None:
        return gettext("The standard has not been approved and published yet; "
                       "the publication record is made on publication.")
    return None


def periodic_review_record_unavailable(review: PeriodicReview) -> str | None:
    if review.is_open:
        return gettext("The periodic review has no conclusion yet; its record is made once it concludes.")
    return None


def _title(project: Project) -> str:
    return project.title


def _comments_docx(project: Project) -> bytes:
    return comment_table_docx(summary=comment_summary(project=project))


def _set_builder(which: str) -> Builders:
    return {"zip": lambda project: material_set_zip(project=project, which=which)}


PROJECT_KEY = _("a project code (XM2026-0001) or a project number")

KINDS = [
    DocumentKind(
        name="proposal",
        title=_("Proposal (Table B.1)"),
        label="立项建议书",
        formats=("docx", "pdf"),
        scope="project",
        find=find_project,
        export=_exporter("立项建议书", _word_and_pdf(lambda p: proposal_docx(project=p)), _title),
        key_help=PROJECT_KEY,
    ),
    DocumentKind(
        name="memo",
        title=_("Explanatory memo"),
        label="编制说明",
        formats=("docx", "pdf"),
        scope="project",
        find=find_project,
        export=_exporter("编制说明", _word_and_pdf(lambda p: memo_docx(project=p)), _title),
        key_help=PROJECT_KEY,
    ),
    DocumentKind(
        name="comments",
        title=_("Comment summary (Table D.1)"),
        label="征求意见汇总处理表",
        formats=("docx", "xlsx", "pdf"),
        scope="project",
        find=find_project,
        export=_exporter(
            "征求意见汇总处理表",
            {**_word_and_pdf(_comments_docx), "xlsx": lambda p: comment_table_xlsx(summary=comment_summary(project=p))},
            _title,
        ),
        key_help=PROJECT_KEY,
    ),
    DocumentKind(
        name="review-materials",
        title=_("Review materials (.zip)"),
        label=SETS["review"],
        formats=("zip",),
        scope="project",
        find=find_project,
        export=_exporter(SETS["review"], _set_builder("review"), _title),
        unavailable=review_set_unavailable,
        key_help=PROJECT_KEY,
    ),
    DocumentKind(
        name="review-record",
        title=_("Review record"),
        label="标准审查记录",
        formats=("docx", "pdf"),
        scope="review_round",
        find=find_review_round,
        export=_exporter(
            "标准审查记录",
            _word_and_pdf(lambda r: review_record_docx(review=r)),
            lambda r: f"{r.project.title}_第{r.number}次",
        ),
        unavailable=review_record_unavailable,
        key_help=_("a project code (its latest concluded review) or CODE:ROUND, e.g. XM2026-0001:2"),
    ),
    DocumentKind(
        name="approval-materials",
        title=_("Approval materials (.zip)"),
        label=SETS["approval"],
        formats=("zip",),
        scope="project",
        find=find_project,
        export=_exporter(SETS["approval"], _set_builder("approval"), _title),
        unavailable=approval_set_unavailable,
        key_help=PROJECT_KEY,
    ),
    DocumentKind(
        name="publication-record",
        title=_("Publication record"),
        label="标准发布记录",
        formats=("docx", "pdf"),
        scope="project",
        find=find_project,
        export=_exporter(
            "标准发布记录",
            _word_and_pdf(lambda p: publication_record_docx(project=p)),
            lambda p: p.standard.number.replace("/", "-"),
        ),
        unavailable=publication_record_unavailable,
        key_help=PROJECT_KEY,
    ),
    DocumentKind(
        name="periodic-review-record",
        title=_("Periodic review record"),
        label="标准复审记录",
        formats=("docx", "pdf"),
        scope="periodic_review",
        find=find_periodic_review,
        export=_exporter(
            "标准复审记录",
            _word_and_pdf(lambda r: periodic_review_record_docx(review=r)),
            lambda r: (r.standard.number or r.standard.title).replace("/", "-"),
        ),
        unavailable=periodic_review_record_unavailable,
        key_help=_("a periodic review's number (its id on the periodic reviews page and in the API)"),
    ),
    DocumentKind(
        name="plan",
        title=_("Annual plan (Table C.1)"),
        label="年度标准制修订计划项目表",
        formats=("docx", "xlsx", "pdf"),
        scope="plan",
        find=find_plan,
        export=_exporter(
            "表C.1",
            {
                "docx": lambda plan: plan_docx(plan=plan),
                "xlsx": lambda plan: plan_xlsx(plan=plan),
                "pdf": _printed(lambda plan: plan_docx(plan=plan)),
            },
            plan_title,
        ),
        key_help=_("a plan year, e.g. 2026"),
    ),
]


def register_documents() -> None:
    for kind in KINDS:
        registry.register(kind)
