"""Table C.1 (年度标准制(修)订计划项目表) as Word and Excel (R-7.2-3), A4 landscape, fitted to the page."""

import io

from govstd.dates import chinese_date
from govstd.documents.layout import Column
from govstd.documents.sheets import TITLE_FONT, column_widths, new_workbook, page_setup, rule, set_widths
from govstd.documents.word import body_paragraph, grid_table, heading, new_document, to_bytes

from ..models import AnnualPlan
from ..selectors.plans import plan_items

COLUMNS = [
    Column("序号", nowrap=True, align="center"), Column("项目名称", weight=3.0),
    Column("制定/修订", nowrap=True, align="center"), Column("性质", nowrap=True, align="center"),
    Column("牵头单位", weight=1.6), Column("参与起草单位", weight=1.8), Column("主管部门", weight=1.2),
    Column("完成期限", nowrap=True, align="center"),
]
HEADER = [column.header for column in COLUMNS]
KIND_TEXT = {"develop": "制定", "revise": "修订"}


def plan_rows(*, plan: AnnualPlan) -> list[list]:
    """The plan's lines; 序号 a number, empty fields ``None`` (blank cells in Excel)."""
    rows = []
    for item in plan_items(plan=plan):
        project = item.project
        title = project.title + ("（往年结转）" if item.carried_over else "")
        if project.revises:
            title += f"（修订 {project.revises.number}）"
        rows.append([item.seq, title, KIND_TEXT[project.kind],
                     f"{project.get_level_display()}·{project.get_nature_display()}", project.lead_unit.name,
                     project.participating_units or None, project.competent_department or None,
                     chinese_date(item.deadline) or None])
    return rows


def plan_title(plan: AnnualPlan) -> str:
    return f"{plan.year}年度标准制(修)订计划项目表"


def plan_docx(*, plan: AnnualPlan) -> bytes:
    document = new_document(landscape=True)
    heading(document, plan_title(plan), size=16)
    grid_table(document, COLUMNS, plan_rows(plan=plan), size=10)
    if plan.notes:
        body_paragraph(document, plan.notes, size=10.5)
    return to_bytes(document)


def plan_xlsx(*, plan: AnnualPlan) -> bytes:
    """Table C.1 on one A4 landscape page width, the header repeated and frozen, ruled."""
    book = new_workbook(write_only=False)
    sheet = book.active
    sheet.title = "年度计划"
    sheet.append([plan_title(plan)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"].font = TITLE_FONT
    sheet.append(HEADER)
    rows = plan_rows(plan=plan)
    for row in rows:
        sheet.append(row)
    rule(sheet, first_row=2, last_row=2 + len(rows), columns=len(HEADER), header_row=2,
         alignments=[column.align for column in COLUMNS])
    set_widths(sheet, column_widths(COLUMNS, rows))
    page_setup(sheet, landscape=True, title_rows="2:2", freeze="A3")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
