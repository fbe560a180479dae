import datetime as dt

from ninja import Schema
from pydantic import Field


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


class StandardIn(Schema):
    category_id: int
    number: str = ""
    title: str
    title_en: str = ""
    level: str | None = None
    status: str
    issue_date: dt.date | None = None
    implementation_date: dt.date | None = None
    responsible_unit: str = ""
    ics: str = ""
    ccs: str = ""
    source_url: str = ""
    notes: str = ""
    replaces: list[int] = []
    references: list[int] = []


class StandardPatch(Schema):
    category_id: int | None = None
    number: str | None = None
    title: str | None = None
    title_en: str | None = None
    level: str | None = None
    status: str | None = None
    issue_date: dt.date | None = None
    implementation_date: dt.date | None = None
    responsible_unit: str | None = None
    ics: str | None = None
    ccs: str | None = None
    source_url: str | None = None
    notes: str | None = None
    replaces: list[int] | None = None
    references: list[int] | None = None
    expected_updated_at: dt.datetime | None = Field(None, description="refuse with 409 if someone changed it since")


class WithdrawIn(Schema):
    reason: str = Field(..., max_length=500, description="why the standard is withdrawn (废止理由)")
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
