"""R-6-IO exports of Table 1 / Table 2; R-6.2-1 the whole standard system table in one document."""

import csv
import io
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from govstd.accounts.models import AuditEntry
from govstd.catalog.exports.formats import table_export
from govstd.errors import ApplicationError

pytestmark = pytest.mark.django_db

DETAIL_HEADER = ["序号", "标准体系", "子体系", "体系编号", "标准编号", "标准名称", "标准级别", "标准状态", "实施日期", "归口单位", "备注"]


def export(admin, table, fmt, **filters):
    return table_export(table=table, fmt=fmt, acting_user=admin, filters=filters).content


def test_detail_xlsx_has_the_seed_columns_and_every_row(admin, demo_catalog):
    sheet = load_workbook(io.BytesIO(export(admin, "detail", "xlsx")))["标准明细表"]
    assert sheet["A1"].value == "表1 标准明细表"
    assert [c.value for c in sheet[2]] == DETAIL_HEADER
    assert sheet.max_row - 2 == 150  # current and planned standards (6.4); retired editions only when asked
    assert sheet.print_title_rows == "$2:$2"


def test_detail_csv_is_utf8_with_bom_and_respects_filters(admin, demo_catalog):
    data = export(admin, "detail", "csv", level="international")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == DETAIL_HEADER and {r[6] for r in rows[1:]} == {"国际标准"} and len(rows) == 3


def test_exported_table1_imports_back_unchanged(admin, demo_catalog):
    """Round trip: Table 1 exported as .xlsx is a valid import file that changes nothing."""
    from govstd.catalog.services.standard_import import standards_import

    report = standards_import(source=export(admin, "detail", "xlsx"), file_name="t1.xlsx", acting_user=admin)
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 0, 150)


def test_statistics_xlsx_and_csv_follow_table_2(admin, demo_catalog):
    sheet = load_workbook(io.BytesIO(export(admin, "statistics", "xlsx")))["标准统计表"]
    assert [c.value for c in sheet[2]][2:] == ["国际标准", "国家标准", "行业标准", "地方标准", "团体标准", "内部标准", "合计"]
    assert sheet["A3"].value == "基础通用标准体系" and sheet["B3"].value == "标准化工作标准"
    rows = list(csv.reader(io.StringIO(export(admin, "statistics", "csv").decode("utf-8-sig"))))
    total = next(r for r in rows if r[0] == "合计")
    assert total[-1] == "150"


def _docx_texts(data: bytes) -> tuple[Document, str]:
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return document, text


def test_detail_docx_is_a4_landscape_simsun_with_repeated_header(admin, demo_catalog):
    document, text = _docx_texts(export(admin, "detail", "docx"))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert round(section.page_width.cm, 1) == 29.7
    assert "GB/T 22239—2019" in text and "表1 标准明细表" in text
    header_row = document.tables[0].rows[0]
    assert header_row._tr.trPr.xpath("./w:tblHeader")
    assert [c.text for c in header_row.cells] == DETAIL_HEADER
    fonts = document.tables[0].rows[1].cells[5].paragraphs[0].runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"


def test_system_table_docx_holds_diagrams_tables_and_explanation(admin, demo_catalog):
    document, text = _docx_texts(export(admin, "system", "docx"))
    for part in ("一、标准体系结构图", "二、标准明细表", "三、标准统计表", "四、标准体系编制说明", "图1 ", "图5 ",
                 "图6 标准制修订流程"):
        assert part in text
    assert len(document.inline_shapes) == 6  # Figures 1–5, and Figure 6 closing the explanation


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=False)
    return result.stdout


@pytest.mark.parametrize("table", ["detail", "statistics", "system"])
def test_pdf_shows_chinese_text(admin, demo_catalog, tmp_path, table):
    import shutil

    from tests.conftest import require_service

    data = export(admin, table, "pdf")
    assert data.startswith(b"%PDF")
    require_service(shutil.which("pdftotext") is not None, "pdftotext (Debian package poppler-utils)")
    text = _pdf_text(data, tmp_path)
    assert {"detail": "标准明细表", "statistics": "标准统计表", "system": "标准体系编制说明"}[table] in text
    assert "现行" in text if table != "statistics" else "标准化工作标准" in text


def test_system_table_is_not_offered_as_csv(admin, demo_catalog):
    with pytest.raises(ApplicationError, match="docx、pdf 或 xlsx"):
        export(admin, "system", "csv")


def test_exports_are_audited(admin, demo_catalog):
    export(admin, "statistics", "xlsx")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, actor=admin).exists()


def test_csv_cells_cannot_become_formulas(admin, demo_catalog):
    from govstd.catalog.models import Standard

    Standard.objects.filter(number="GB/T 22239—2019").update(notes="=cmd|' /C calc'!A0")
    data = export(admin, "detail", "csv").decode("utf-8-sig")
    assert "'=cmd" in data


@pytest.mark.libreoffice
@pytest.mark.parametrize(("table", "fmt"), [("system", "docx"), ("detail", "xlsx"), ("statistics", "docx")])
def test_generated_office_files_open_in_libreoffice(admin, demo_catalog, office_to_pdf_text, table, fmt):
    """Exports open cleanly in LibreOffice: it converts them to PDF and the PDF shows Chinese text."""
    text = office_to_pdf_text(export(admin, table, fmt), f"{table}.{fmt}")
    assert "标准化工作标准" in text


@pytest.mark.parametrize(("table", "fmt"), [("detail", "csv"), ("statistics", "csv"), ("detail", "xlsx"),
                                            ("statistics", "xlsx"), ("system", "xlsx")])
def test_no_exported_cell_is_a_formula_whatever_the_text_starts_with(admin, demo_catalog, table, fmt):
    """R-6-IO, dengbao §4 数据有效性检验: text typed into the catalog (=, +, -, @, a tab, a carriage
    return first) is never a formula: a CSV cell gets the apostrophe, a workbook cell the quote prefix."""
    from govstd.catalog.models import Standard, SystemNode
    from govstd.catalog.services.tree import node_update
    from tests.sheet_checks import csv_formula_cells, xlsx_formula_cells

    Standard.objects.filter(number="GB/T 22239—2019").update(
        title="\t=1+1", notes="\r=cmd|' /C calc'!A0", responsible_unit="@SUM(A1:A9)")
    Standard.objects.filter(number="GB/T 22240—2020").update(title="+HYPERLINK(\"x\")", notes="-2+3")
    node_update(node=SystemNode.objects.get(name="智慧应用标准体系"), name="=HYPERLINK(\"x\",\"y\")",
                acting_user=admin)
    data = export(admin, table, fmt)
    found = csv_formula_cells(data) if fmt == "csv" else xlsx_formula_cells(data)
    assert found == []
    if table == "detail" and fmt == "csv":  # the CSV's apostrophe; a workbook keeps the text with its quote prefix
        cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]
        assert "'\t=1+1" in cells and "'@SUM(A1:A9)" in cells
    elif table == "detail":
        cells = {c.value: c for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows() for c in row}
        assert cells["\t=1+1"].quotePrefix and cells["@SUM(A1:A9)"].quotePrefix
