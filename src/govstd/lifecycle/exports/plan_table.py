"""Table C.1 (年度标准制(修)订计划项目表) as Word and Excel (R-7.2-3)."""

import io

from openpyxl import Workbook

from govstd.dates import chinese_date
from govstd.documents.sheets import TITLE_FONT, rule, safe, safe_row
from govstd.documents.word import body_paragraph, heading, new_document, ruled_table, to_bytes

from ..models import AnnualPlan
from ..selectors.plans import plan_items

HEADER = ["序号", "项目名称", "制定/修订", "性质", "牵头单位", "参与起草单位", "主管部门", "完成期限"]
WIDTHS_CM = [1.2, 6.4, 2.0, 2.2, 4.2, 4.6, 3.4, 2.8]
KIND_TEXT = {"develop": "制定", "revise": "修订"}


def plan_rows(*, plan: AnnualPlan) -> list[list[str]]:
    rows = []
    for item in plan_items(plan=plan):
        project = item.project
        title = project.title + ("（往年结转）" if item.carried_over else "")
        if project.revises:
            title += f"（修订 {project.revises.number}）"
        rows.append([str(item.seq), title, KIND_TEXT[project.kind],
                     f"{project.get_level_display()}·{project.get_nature_display()}", project.lead_unit.name,
                     project.participating_units, project.competent_department, chinese_date(item.deadline)])
    return rows


def plan_title(plan: AnnualPlan) -> str:
    return f"{plan.year}年度标准制(修)订计划项目表"


def plan_docx(*, plan: AnnualPlan) -> bytes:
    document = new_document(landscape=True)
    heading(document, plan_title(plan), size=16)
    ruled_table(document, HEADER, plan_rows(plan=plan), WIDTHS_CM, size=10)
    if plan.notes:
        body_paragraph(document, plan.notes, size=10.5)
    return to_bytes(document)


def plan_xlsx(*, plan: AnnualPlan) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "年度计划"
    sheet.append([safe(plan_title(plan))])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"].font = TITLE_FONT
    sheet.append(HEADER)
    rows = plan_rows(plan=plan)
    for row in rows:
        sheet.append(safe_row(row))
    rule(sheet, first_row=2, last_row=2 + len(rows), columns=len(HEADER), header_row=2)
    for column, width in zip("ABCDEFGH", [6, 40, 10, 16, 26, 30, 20, 16], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
