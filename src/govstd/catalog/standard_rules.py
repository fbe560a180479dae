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


def check_standard(values: dict, *, today: dt.date | None = None) -> CheckedStandard:
    """Normalise the number, infer level and year, settle 现行/即将实施 by date, and list problems.

    ``values`` holds typed field values (``category`` a :class:`SystemNode`, dates as dates).
    """
    today = today or timezone.localdate()
    values = dict(values)
    problems: list[FieldProblem] = []
    warnings: list[str] = []

    if not (values.get("title") or "").strip():
        problems.append(FieldProblem("title", "标准名称不能为空"))
    values["title"] = (values.get("title") or "").strip()

    category = values.get("category")
    if not isinstance(category, SystemNode) or category.kind != SystemNode.Kind.CATEGORY:
        problems.append(FieldProblem("category", "请选择标准所属的类别"))
    elif category.is_retired:
        problems.append(FieldProblem("category", f"类别“{category.name}”已停用"))

    status = values.get("status")
    number_text = (values.get("number") or "").strip()
    parsed = None
    if number_text:
        try:
            parsed = standard_numbers.parse(number_text)
        except standard_numbers.StandardNumberError as error:
            problems.append(FieldProblem("number", str(error)))
        else:
            values["number"] = str(parsed)
            warnings.extend(parsed.warnings)
    elif status not in PLANNED:
        problems.append(FieldProblem("number", "除待制定、制定中的标准外，标准编号不能为空"))
    values["number"] = values["number"] if parsed else (number_text if number_text else "")

    level = values.get("level")
    if not level and parsed:
        values["level"] = level = parsed.level
    if not level:
        problems.append(FieldProblem("level", "请填写标准级别"))
    elif parsed and Level(level) != parsed.level:
        problems.append(FieldProblem(
            "level", f"标准级别“{Level(level).label}”与编号 {parsed} 所示的“{parsed.level.label}”不符"))

    if not status:
        problems.append(FieldProblem("status", "请填写标准状态"))

    issued, effective = values.get("issue_date"), values.get("implementation_date")
    if issued and effective and effective < issued:
        problems.append(FieldProblem("implementation_date", "实施日期不能早于发布日期"))
    if status == Status.UPCOMING and not effective:
        problems.append(FieldProblem("implementation_date", "即将实施的标准须填写实施日期"))
    if status in (Status.CURRENT, Status.UPCOMING) and effective:
        settled = Status.UPCOMING if effective > today else Status.CURRENT
        if settled != status:
            warnings.append(f"按实施日期 {effective:%Y-%m-%d}，状态记为“{settled.label}”")
            values["status"] = settled

    values["year"] = parsed.year if parsed and parsed.year else (issued.year if issued else None)
    return CheckedStandard(values=values, problems=problems, warnings=warnings)
