import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from govstd.catalog.levels import Level, Status
from govstd.catalog.models import Standard
from govstd.catalog.standard_rules import NOTES_MAX_LENGTH
from govstd.pagination import MAX_PAGE
from govstd.text_rules import has_control_characters

LARGEST_ID = 2**63 - 1


def _plain_text(multiline: bool):
    def check(value: str) -> str:
        if has_control_characters(value, multiline=multiline):
            raise PydanticCustomError("control_character", "control character")
        return value
    return check


def text(max_length: int, *, multiline: bool = False, description: str | None = None) -> Any:
    """A text value of a request: at most ``max_length`` characters and no control characters
    (``govstd.text_rules``), so the database and the Office exports can always take it."""
    return Annotated[str, Field(max_length=max_length, description=description),
                     AfterValidator(_plain_text(multiline))]


def column_text(model, name: str, **kwargs) -> Any:
    """:func:`text` as long as the model's column."""
    return text(model._meta.get_field(name).max_length, **kwargs)


Page = Annotated[int, Field(ge=1, le=MAX_PAGE, description="page number, from 1")]
Id = Annotated[int, Field(ge=1, le=LARGEST_ID)]
Year = Annotated[int, Field(ge=1900, le=2100)]


def rows_per_page(most: int) -> Any:
    return Annotated[int, Field(ge=1, le=most, description=f"rows per page, at most {most}")]


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None


class NodeOut(Schema):
    id: int
    kind: str
    name: str
    name_en: str
    code: int
    path_code: str
    retired: bool
    standards: int
    children: list["NodeOut"] = []


class StandardOut(Schema):
    id: int
    system_code: str
    subsystem: str = Field(..., alias="category.parent.name")
    category_id: int
    category: str = Field(..., alias="category.name")
    number: str
    title: str
    title_en: str
    level: str
    status: str
    year: int | None
    issue_date: dt.date | None
    implementation_date: dt.date | None
    withdrawal_date: dt.date | None
    responsible_unit: str
    ics: str
    ccs: str
    source_url: str
    notes: str
    updated_at: dt.datetime


class StandardPage(Schema):
    count: int
    count_is_lower_bound: bool = Field(False, description="a text search counts 1,000 matches at most")
    page: int
    page_size: int
    results: list[StandardOut]


def _standard_text(name: str) -> Any:
    return column_text(Standard, name)


Notes = text(NOTES_MAX_LENGTH, multiline=True)


class StandardIn(Schema):
    """A new standard. The catalog's service checks it again whatever the door (``standard_rules``)."""

    category_id: Id
    number: _standard_text("number") = ""
    title: _standard_text("title")
    title_en: _standard_text("title_en") = ""
    level: Level | None = Field(None, description="inferred from the number when left out")
    status: Status
    issue_date: dt.date | None = None
    implementation_date: dt.date | None = None
    responsible_unit: _standard_text("responsible_unit") = ""
    ics: _standard_text("ics") = ""
    ccs: _standard_text("ccs") = ""
    source_url: _standard_text("source_url") = ""
    notes: Notes = ""
    replaces: list[Id] = Field([], max_length=100)
    references: list[Id] = Field([], max_length=500)


class StandardPatch(Schema):
    """Fields to change; the status cannot become 废止 here (``/withdraw`` takes the reason), and a
    standard held by a project keeps its status, number, level and dates."""

    category_id: Id | None = None
    number: _standard_text("number") | None = None
    title: _standard_text("title") | None = None
    title_en: _standard_text("title_en") | None = None
    level: Level | None = None
    status: Status | None = None
    issue_date: dt.date | None = None
    implementation_date: dt.date | None = None
    responsible_unit: _standard_text("responsible_unit") | None = None
    ics: _standard_text("ics") | None = None
    ccs: _standard_text("ccs") | None = None
    source_url: _standard_text("source_url") | None = None
    notes: Notes | None = None
    replaces: list[Id] | None = Field(None, max_length=100)
    references: list[Id] | None = Field(None, max_length=500)
    expected_updated_at: dt.datetime | None = Field(None, description="refuse with 409 if someone changed it since")


class WithdrawIn(Schema):
    reason: text(500, multiline=True, description="why the standard is withdrawn (废止理由)")
    withdrawal_date: dt.date | None = None
    expected_updated_at: dt.datetime | None = Field(None, description="the standard's updated_at when it was "
                                                                     "loaded; a stale one gets 409")


class StatisticsRowOut(Schema):
    label: str
    counts: list[int]
    total: int


class StatisticsGroupOut(Schema):
    subsystem: str
    rows: list[StatisticsRowOut]
    subtotal: StatisticsRowOut


class StatisticsOut(Schema):
    levels: list[str]
    groups: list[StatisticsGroupOut]
    total: StatisticsRowOut
    outside: StatisticsRowOut
