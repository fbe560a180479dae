"""Exports of long tables: a Table 1 PDF laid out in parts, progress reports, the Word limit (R-6-IO)."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from govstd.catalog.exports.formats import table_export
from govstd.catalog.exports.tables import detail_rows
from govstd.errors import ApplicationError
from tests.conftest import ARTIFACTS_ROOT, require_service

pytestmark = pytest.mark.django_db

ARTIFACTS = ARTIFACTS_ROOT / "exports"


def _pdf_pages(data: bytes, tmp_path: Path, name: str, *, mode: str = "-layout") -> list[str]:
    require_service(shutil.which("pdftotext") is not None, "pdftotext (Debian package poppler-utils)")
    path = tmp_path / name
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def _picture(data: bytes, name: str) -> None:
    """Pages for a person to look at: the first, the ones around a part's end, and the last."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / name)], check=True)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("table", ["detail", "system"])
def test_table1_pdf_in_parts_reads_like_one_document(admin, demo_catalog, settings, tmp_path, table):
    """R-6.4-1, R-6.2-1: Table 1 laid out 40 rows at a time reads exactly like the one-piece PDF:
    every row once and in order, the header atop every page, 第 n 页 共 N 页 counted through."""
    whole = table_export(table=table, fmt="pdf", acting_user=admin).content
    settings.GOVSTD_PDF_CHUNK_ROWS = 40
    reports = []
    parts = table_export(table=table, fmt="pdf", acting_user=admin,
                         progress=lambda done, total: reports.append((done, total))).content
    _picture(parts, f"{table}-in-parts")

    pages = _pdf_pages(parts, tmp_path, "parts.pdf")
    assert [_squeezed(p) for p in pages] == [_squeezed(p) for p in _pdf_pages(whole, tmp_path, "whole.pdf")]
    count = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {count} 页" in page
    table_pages = [p for p in pages if "标准编号" in p]
    assert len(table_pages) >= 4  # the 150 rows of the system span several parts
    for page in table_pages:
        assert re.search(r"序\s*号\s+标准体系\s+子体系\s+体系编号\s+标准编号\s+标准名称", page, re.S)

    raw = _squeezed("".join(_pdf_pages(parts, tmp_path, "raw.pdf", mode="-raw")))
    position = 0
    rows = list(detail_rows())
    assert len(rows) == 150  # current and planned: the three retired editions only when asked for
    for row in rows:
        found = raw.find(_squeezed("".join(row)), position)
        assert found >= 0, row
        position = found + 1
    assert reports[-1] == (150, 150) and len(reports) >= 4
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


def test_pdf_in_parts_keeps_bookmarks_and_embeds_shared_fonts_once(admin, demo_catalog, settings):
    """R-6.2-1: the joined system table keeps the bookmarks of its headings, and the font
    programs that every part uses alike (header, footer) are embedded once."""
    import pikepdf

    settings.GOVSTD_PDF_CHUNK_ROWS = 40
    data = table_export(table="system", fmt="pdf", acting_user=admin).content
    pdf = pikepdf.open(io.BytesIO(data))
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root] + [c.title for item in outline.root for c in item.children]
    for title in ("一、标准体系结构图", "二、标准明细表", "表1 标准明细表", "三、标准统计表", "四、标准体系编制说明"):
        assert title in titles
    programs, names = {}, {}
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            stream = descriptor.FontFile3
            programs.setdefault(stream.read_bytes(), set()).add(stream.objgen)
            names.setdefault(str(font.BaseFont), set()).add(stream.objgen)
    assert all(len(copies) == 1 for copies in programs.values())
    assert all(len(streams) == 1 for streams in names.values())  # one name, one subset


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "docx", "pdf"])
def test_table1_exports_report_progress(admin, demo_catalog, fmt):
    """R-6-IO: each writer tells how many rows of Table 1 it has written, ending at all of them."""
    reports = []
    table_export(table="detail", fmt=fmt, acting_user=admin, filters={"level": "national"},
                 progress=lambda done, total: reports.append((done, total)))
    national = sum(1 for _ in detail_rows(level="national"))
    assert reports and reports[-1] == (national, national)


def test_progress_is_reported_every_thousand_rows():
    """R-6-IO: a long table reports about every thousand rows, so a progress bar moves."""
    from govstd.catalog.exports.tables import reported

    reports = []
    rows = list(reported(range(2500), progress=lambda done, total: reports.append((done, total)), total=2500))
    assert len(rows) == 2500 and reports == [(1000, 2500), (2000, 2500), (2500, 2500)]


@pytest.mark.parametrize("table", ["detail", "system"])
def test_word_export_of_a_very_long_table1_is_refused_with_the_way_out(admin, demo_catalog, settings, table):
    """R-6-IO: a Word table too long to write or open is refused before any work, naming the
    formats that take it; a filtered Table 1 under the limit is still written."""
    settings.GOVSTD_DOCX_MAX_ROWS = 100
    with pytest.raises(ApplicationError, match=r"150 行.*最多 100 行.*\.xlsx 或 PDF") as refused:
        table_export(table=table, fmt="docx", acting_user=admin)
    assert refused.value.field == "format"
    data = table_export(table="detail", fmt="docx", acting_user=admin, filters={"level": "international"}).content
    assert data.startswith(b"PK")


@pytest.mark.libreoffice
def test_streamed_system_workbook_opens_in_libreoffice(admin, demo_catalog, office_to_pdf_text):
    """R-6.2-1: the write-only system workbook (diagrams, Table 1, Table 2, explanation) opens cleanly."""
    from openpyxl import load_workbook

    data = table_export(table="system", fmt="xlsx", acting_user=admin).content
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["标准体系结构图", "标准明细表", "标准统计表", "编制说明"]
    assert len(book["标准体系结构图"]._images) == 5
    assert len(book["编制说明"]._images) == 1  # Figure 6 closes the explanation
    # the 150 current and planned standards (6.4); the three retired editions only when asked for
    assert book["标准明细表"].max_row == 152 and book["标准明细表"].auto_filter.ref == "A2:K152"
    text = office_to_pdf_text(data, "system.xlsx")
    assert "标准化工作标准" in text


def test_statistics_workbook_merges_each_subsystem_down_its_own_rows(admin, demo_catalog):
    """R-6.5-1: in Table 2 as .xlsx the subsystems follow one another with no blank rows, each
    name merged down its own rows, and 合计 / 不计入 spread over the first two columns."""
    from openpyxl import load_workbook

    from govstd.catalog.exports.tables import statistics_lines

    data = table_export(table="statistics", fmt="xlsx", acting_user=admin, filters={"include_retired": True}).content
    sheet = load_workbook(io.BytesIO(data))["标准统计表"]
    lines = statistics_lines(include_retired=True)
    assert sheet.max_row == 2 + len(lines)
    for row_no, line in enumerate(lines, start=3):
        if line.kind in ("row", "subtotal"):
            assert sheet.cell(row=row_no, column=2).value == line.label
        assert sheet.cell(row=row_no, column=9).value == line.total
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A3:A8", "A9:A14", f"A{len(lines) + 1}:B{len(lines) + 1}", f"A{len(lines) + 2}:B{len(lines) + 2}"} <= merged
