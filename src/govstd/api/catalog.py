"""Standard system endpoints: the same selectors and services as the web pages."""

from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from govstd.accounts.models import Unit
from govstd.accounts.roles import Capability
from govstd.catalog.levels import Level
from govstd.catalog.levels import Status as StandardStatus
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.selectors.detail_table import SORTS, detail_table_page_source
from govstd.catalog.selectors.statistics_table import statistics_by_level
from govstd.catalog.selectors.tree import TreeNode, system_tree
from govstd.catalog.services import standards as services
from govstd.documents.files import attachment
from govstd.documents.registry import document_export, document_kind
from govstd.errors import ApplicationError
from govstd.pagination import page_window

from .auth import authorized
from .schemas import (
    ErrorOut,
    Id,
    NodeOut,
    Page,
    StandardIn,
    StandardOut,
    StandardPage,
    StandardPatch,
    StatisticsOut,
    UnitOut,
    WithdrawIn,
    Year,
    rows_per_page,
    text,
)

router = Router(tags=["standard system"], auth=authorized(Capability.VIEW_CATALOG))
MANAGE = authorized(Capability.MANAGE_CATALOG)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class StandardFilters(Schema):
    subsystem: Id | None = None
    category: Id | None = None
    level: Level | Literal[""] = ""
    status: StandardStatus | Literal[""] = ""
    year: Year | None = None
    q: text(200) = ""
    sort: Literal[tuple(SORTS)] = "code"
    include_retired: bool = Field(False, description="list superseded and withdrawn editions too (guideline 6.4)")
    page: Page = 1
    page_size: rows_per_page(500) = 50


@router.get("/units", response={200: list[UnitOut], **ERRORS})
def list_units(request):
    return Unit.objects.filter(is_active=True).order_by("id")


@router.get("/tree", response={200: NodeOut, **ERRORS}, summary="The standard system tree with live counts")
def tree(request, include_retired: bool = False):
    def as_dict(item: TreeNode) -> dict:
        node = item.node
        return {"id": node.pk, "kind": node.kind, "name": node.name, "name_en": node.name_en, "code": node.code,
                "path_code": node.path_code, "retired": node.is_retired, "standards": item.total,
                "children": [as_dict(child) for child in item.children]}

    return as_dict(system_tree(include_retired=include_retired))


@router.get("/standards", response={200: StandardPage, **ERRORS}, summary="Table 1, filtered and paginated")
def list_standards(request, filters: Query[StandardFilters]):
    source = detail_table_page_source(**filters.dict(exclude={"page", "page_size"}))
    return {"count": source.count, "count_is_lower_bound": source.capped, "page": filters.page,
            "page_size": filters.page_size,
            "results": list(source.rows[page_window(page=filters.page, page_size=filters.page_size)])}


@router.get("/standards/{standard_id}", response={200: StandardOut, **ERRORS})
def get_standard(request, standard_id: int):
    return get_object_or_404(Standard.objects.select_related("category__parent"), pk=standard_id)


def category_by_id(category_id: int | None) -> SystemNode:
    """The category a request names by id, or a 400 naming the field."""
    if category_id is None:
        raise ApplicationError(_("Choose the category the standard belongs to"), field="category_id")
    category = SystemNode.objects.filter(pk=category_id, kind=SystemNode.Kind.CATEGORY).first()
    if category is None:
        raise ApplicationError(_("There is no category %(id)s") % {"id": category_id}, field="category_id")
    return category


def _standards(ids: list[int], field: str) -> list[Standard]:
    found = list(Standard.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        missing = sorted(set(ids) - {s.pk for s in found})
        raise ApplicationError(_("There are no standards %(ids)s") % {"ids": missing}, field=field)
    return found


@router.post("/standards", response={201: StandardOut, **ERRORS}, auth=MANAGE)
def create_standard(request, payload: StandardIn):
    data = payload.dict()
    standard = services.standard_create(
        acting_user=request.user, category=category_by_id(data.pop("category_id")),
        replaces=_standards(data.pop("replaces"), "replaces"),
        references=_standards(data.pop("references"), "references"), **data)
    return Status(201, Standard.objects.select_related("category__parent").get(pk=standard.pk))


@router.patch("/standards/{standard_id}", response={200: StandardOut, **ERRORS}, auth=MANAGE)
def update_standard(request, standard_id: int, payload: StandardPatch):
    standard = get_object_or_404(Standard, pk=standard_id)
    data = payload.dict(exclude_unset=True)
    if "category_id" in data:
        data["category"] = category_by_id(data.pop("category_id"))
    for field in ("replaces", "references"):
        if data.get(field) is not None:
            data[field] = _standards(data[field], field)
    services.standard_update(standard=standard, acting_user=request.user, **data)
    return Standard.objects.select_related("category__parent").get(pk=standard_id)


@router.post("/standards/{standard_id}/withdraw", response={200: StandardOut, **ERRORS}, auth=MANAGE,
             summary="Retire a standard (废止); it stays listed with its history")
def withdraw_standard(request, standard_id: int, payload: WithdrawIn):
    standard = get_object_or_404(Standard, pk=standard_id)
    services.standard_withdraw(standard=standard, acting_user=request.user, **payload.dict())
    return Standard.objects.select_related("category__parent").get(pk=standard_id)


@router.get("/statistics", response={200: StatisticsOut, **ERRORS}, summary="Table 2 by category × level")
def statistics(request):
    table = statistics_by_level()

    def row(r) -> dict:
        return {"label": r.label, "counts": r.counts, "total": r.total}

    return {
        "levels": table.columns,
        "groups": [{"subsystem": g.subsystem.name, "rows": [row(r) for r in g.rows], "subtotal": row(g.subtotal)}
                   for g in table.groups],
        "total": row(table.total),
        "outside": row(table.outside),
    }


@router.get("/catalog/documents/{kind}.{fmt}", response={200: None, **ERRORS},
            auth=authorized(Capability.EXPORT_TABLES),
            summary="A catalog document from the document registry at once: table2 (Table 2, include_retired adds "
                    "its line 已废止或有更新版（不计入）) or explanation (编制说明); table1 and system-table grow with "
                    "the catalog: queue them with POST /exports")
def catalog_document(request, kind: str, fmt: str, include_retired: bool = False):
    document = document_kind(kind, scope="catalog")
    if document.long:
        raise ApplicationError(_("%(document)s grows with the catalog: queue it with POST /api/v1/exports.") % {
            "document": document.label}, field="kind")
    options = {"include_retired": True} if include_retired else {}
    return attachment(document_export(kind=document, fmt=fmt, acting_user=request.user, options=options))
