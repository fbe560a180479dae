"""Pages of the standard system. Each view parses input, calls a selector or service, renders."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.accounts.selectors import audit_entries_for
from govstd.documents.drawing import drawing_response
from govstd.documents.drawing import to_svg as drawing_svg
from govstd.documents.files import attachment
from govstd.documents.registry import document_export, document_kind
from govstd.error_pages import form_refusal
from govstd.errors import ApplicationError
from govstd.jobs.models import Job
from govstd.jobs.services import job_rerun, job_submit
from govstd.jobs.views import job_page
from govstd.pagination import CountedPaginator

from .architecture_figure import architecture_figure
from .documents import TABLE_KINDS
from .explanation_text import PARTS, computed_sections, explanation_sections
from .exports.formats import TABLES
from .forms import DetailFilterForm, ExplanationForm, ImportForm, NodeForm, StandardForm, WithdrawForm
from .jobs import EXPORT_TABLE, IMPORT_STANDARDS, export_label
from .models import Standard, SystemNode
from .selectors.detail_table import detail_table_page_source
from .selectors.home import home_facts
from .selectors.review_due import standard_review
from .selectors.statistics_table import statistics_by_level, statistics_by_status, statistics_by_year
from .selectors.tree import system_tree
from .services import standards as standard_services
from .services import tree as tree_services
from .services.explanation import explanation_update
from .structure_diagram import figures, to_png, to_svg

PAGE_SIZE = 50


@capability_required(Capability.VIEW_CATALOG)
def home(request):
    found = home_facts()
    return render(request, "catalog/home.html",
                  {"tree": found.tree, "facts": found.facts, "review": found.facts.review})


@capability_required(Capability.VIEW_CATALOG)
def detail_table_page(request):
    form = DetailFilterForm(request.GET or None)
    filters = form.filters()
    source = detail_table_page_source(**filters)
    page = CountedPaginator(source.rows, PAGE_SIZE, count=source.count, capped=source.capped).get_page(
        request.GET.get("page"))
    template = "catalog/_detail_rows.html" if request.headers.get("HX-Request") else "catalog/detail_table.html"
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template,
                  {"form": form, "page": page, "query": query.urlencode(), "retired": source.retired,
                   "retired_listed": source.retired_listed})


@capability_required(Capability.VIEW_CATALOG)
def standard_detail(request, pk: int):
    standard = get_object_or_404(Standard.objects.select_related("category__parent", "created_by"), pk=pk)
    return render(request, "catalog/standard_detail.html", {
        "standard": standard,
        "review": standard_review(standard=standard),
        "history": audit_entries_for(instance=standard)[:200],
    })


@capability_required(Capability.MANAGE_CATALOG)
def standard_create(request):
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "expected_updated_at"}
        try:
            standard = standard_services.standard_create(acting_user=request.user, **values)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Standard added with system code %(code)s.") % {"code": standard.system_code})
            return redirect(standard)
    return render(request, "catalog/standard_form.html", {"form": form})


@capability_required(Capability.MANAGE_CATALOG)
def standard_edit(request, pk: int):
    standard = get_object_or_404(Standard, pk=pk)
    form = StandardForm(request.POST or None, initial=StandardForm.initial_from(standard))
    if request.method == "POST" and form.is_valid():
        try:
            standard_services.standard_update(standard=standard, acting_user=request.user,
                                              **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(standard)
    return render(request, "catalog/standard_form.html", {"form": form, "standard": standard})


@capability_required(Capability.MANAGE_CATALOG)
@require_POST
def standard_withdraw(request, pk: int):
    standard = get_object_or_404(Standard, pk=pk)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise form_refusal(form)
        standard_services.standard_withdraw(standard=standard, acting_user=request.user, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The standard is withdrawn; it stays in Table 1 with its history."))
    return redirect(standard)


@capability_required(Capability.VIEW_CATALOG)
def statistics_page(request):
    return render(request, "catalog/statistics.html", {
        "table": statistics_by_level(), "by_status": statistics_by_status(), "by_year": statistics_by_year(),
    })


@capability_required(Capability.VIEW_CATALOG)
def diagrams_page(request):
    return render(request, "catalog/diagrams.html", {
        "figures": [(number, caption, to_svg(diagram)) for number, (caption, diagram) in
                    enumerate(figures(), start=1)],
    })


@capability_required(Capability.VIEW_CATALOG)
def architecture_page(request):
    drawing = architecture_figure()
    return render(request, "catalog/architecture.html", {"drawing": drawing, "svg": drawing_svg(drawing)})


@capability_required(Capability.VIEW_CATALOG)
def architecture_image(request, fmt: str):
    return drawing_response(architecture_figure(), fmt=fmt, name="figure-a1")


@capability_required(Capability.VIEW_CATALOG)
def diagram_image(request, number: int, fmt: str):
    all_figures = figures()
    if not 1 <= number <= len(all_figures):
        raise Http404
    _caption, diagram = all_figures[number - 1]
    if fmt == "svg":
        return HttpResponse(to_svg(diagram), content_type="image/svg+xml")
    if fmt != "png":
        raise Http404
    response = HttpResponse(to_png(diagram), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="figure{number}.png"'
    return response


@capability_required(Capability.VIEW_CATALOG)
def explanation_page(request):
    return render(request, "catalog/explanation.html", {"sections": explanation_sections()})


@capability_required(Capability.MANAGE_CATALOG)
def explanation_edit(request):
    current = explanation_sections()
    initial = {field: "\n".join(section.paragraphs) for (field, _heading), section in zip(PARTS, current, strict=True)}
    form = ExplanationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        explanation_update(acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The explanation was saved."))
        return redirect("catalog:explanation")
    return render(request, "catalog/explanation_edit.html", {"form": form, "computed": computed_sections()})


@capability_required(Capability.EXPORT_TABLES)
def export(request, table: str, fmt: str):
    """Any catalog document from the registry (``detail``, ``statistics`` and ``system`` name Tables 1 and
    2 and the system table): a long one (Table 1, the system table) becomes a job, the rest download at once.

    Table 1 takes the page's filters; Table 2 and the system table only whether retired editions are listed.
    """
    filters = DetailFilterForm(request.GET or None).filters()
    try:
        kind = document_kind(TABLE_KINDS.get(table, table), scope="catalog")
        filters = {name: value for name, value in filters.items() if name in kind.options}
        if not kind.long:
            return attachment(document_export(kind=kind, fmt=fmt, acting_user=request.user, options=filters))
        table = next(t for t, name in TABLE_KINDS.items() if name == kind.name)  # the long ones are tables
        job = job_submit(kind=EXPORT_TABLE, acting_user=request.user, label=export_label(table=table, fmt=fmt),
                         params={"table": table, "fmt": fmt, "filters": filters})
    except ApplicationError as error:
        return render(request, "error.html", {"message": error.message}, status=error.http_status)
    return redirect(job)


@capability_required(Capability.IMPORT_STANDARDS)
def import_page(request):
    """Queue the import as a job and show its page at once; the page follows the job until it is done."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = job_submit(kind=IMPORT_STANDARDS, acting_user=request.user, label=upload.name, upload=upload,
                             params={"skip_invalid": form.cleaned_data["skip_invalid"]})
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            return job_page(request, job)
    return render(request, "catalog/import.html", {"form": form, "tables": TABLES})


@capability_required(Capability.IMPORT_STANDARDS)
@require_POST
def import_good_rows(request, job_id: int):
    """Run a strict import that wrote nothing again on its kept file, writing its good rows this time."""
    job = get_object_or_404(Job, pk=job_id, kind=IMPORT_STANDARDS, created_by=request.user)
    return job_page(request, job_rerun(job=job, acting_user=request.user, params={"skip_invalid": True}))


@capability_required(Capability.MANAGE_CATALOG)
def tree_page(request):
    return render(request, "catalog/tree.html", {"tree": system_tree(include_retired=True), "form": NodeForm()})


@capability_required(Capability.MANAGE_CATALOG)
@require_POST
def tree_action(request, pk: int, action: str):
    node = get_object_or_404(SystemNode, pk=pk)
    form = NodeForm(request.POST)
    try:
        if action == "add" and form.is_valid():
            tree_services.node_create(parent=node, acting_user=request.user, **form.cleaned_data)
        elif action == "rename" and form.is_valid():
            tree_services.node_update(node=node, acting_user=request.user, **form.cleaned_data)
        elif action in ("up", "down"):
            tree_services.node_move(node=node, direction=-1 if action == "up" else 1, acting_user=request.user)
        elif action == "retire":
            tree_services.node_retire(node=node, acting_user=request.user)
        elif action == "delete":
            tree_services.node_delete(node=node, acting_user=request.user)
        elif action in ("add", "rename"):
            raise ApplicationError(pgettext("list separator", "; ").join(
                m for errors in form.errors.values() for m in errors))
        else:
            raise Http404
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The standard system tree was updated."))
    return redirect("catalog:tree")
