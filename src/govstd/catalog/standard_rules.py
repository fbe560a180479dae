"""The rules a standard's fields must keep, written once for forms, the API and imports."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from . import standard_numbers
from .levels import PLANNED, Level, Status
from .models import SystemNode


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


@dataclass
class CheckedStandard:
    """Field values after the rules have filled in and normalised what they can."""

    values: dict
    problems: list[FieldProblem]
    warnings: list[str]


_CATEGORY = SystemNode.Kind.CATEGORY
_CURRENT, _UPCOMING = Status.CURRENT, Status.UPCOMING


def check_standard(values: dict, *, today: dt.date | None = None) -> CheckedStandard:
    """Normalise the number, infer level and year, settle 现行/即将实施 by date, and list problems.

    ``values`` holds typed field values (``category`` a :class:`SystemNode`, dates as dates).
    An import calls this for each of up to 200,000 rows, so it reads each value once.
    """
    today = today or timezone.localdate()
    values = dict(values)
    get = values.get
    problems: list[FieldProblem] = []
    warnings: list[str] = []

    title = (get("title") or "").strip()
    if not title:
        problems.append(FieldProblem("title", "标准名称不能为空"))
    values["title"] = title

    category = get("category")
    if not isinstance(category, SystemNode) or category.kind != _CATEGORY:
        problems.append(FieldProblem("category", "请选择标准所属的类别"))
    elif category.is_retired:
        problems.append(FieldProblem("category", f"类别“{category.name}”已停用"))

    status = get("status")
    number_text = (get("number") or "").strip()
    parsed = None
    if number_text:
        try:
            parsed = standard_numbers.parse(number_text)
        except standard_numbers.StandardNumberError as error:
            problems.append(FieldProblem("number", str(error)))
        else:
            warnings.extend(parsed.warnings)
    elif status not in PLANNED:
        problems.append(FieldProblem("number", "除待制定、制定中的标准外，标准编号不能为空"))
    values["number"] = str(parsed) if parsed else number_text

    level = get("level")
    if not level and parsed:
        values["level"] = level = parsed.level
    if not level:
        problems.append(FieldProblem("level", "请填写标准级别"))
    elif parsed and level != parsed.level:  # a level is a str enum: equal to its value
        problems.append(FieldProblem(
            "level", f"标准级别“{Level(level).label}”与编号 {parsed} 所示的“{parsed.level.label}”不符"))

    if not status:
        problems.append(FieldProblem("status", "请填写标准状态"))

    issued, effective = get("issue_date"), get("implementation_date")
    if issued and effective and effective < issued:
        problems.append(FieldProblem("implementation_date", "实施日期不能早于发布日期"))
    if status == _UPCOMING and not effective:
        problems.append(FieldProblem("implementation_date", "即将实施的标准须填写实施日期"))
    if status in (_CURRENT, _UPCOMING) and effective:
        settled = _UPCOMING if effective > today else _CURRENT
        if settled != status:
            warnings.append(f"按实施日期 {effective:%Y-%m-%d}，状态记为“{settled.label}”")
            values["status"] = settled

    values["year"] = parsed.year if parsed and parsed.year else (issued.year if issued else None)
    return CheckedStandard(values=values, problems=problems, warnings=warnings)
