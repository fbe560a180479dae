"""The catalog's papers as an office prints them (R-6-IO, R-6.2-1, R-6.4-1, R-6.5-1, R-6.6-1):
each document is opened in LibreOffice (or made by WeasyPrint), printed to PDF, and judged from
the PDF — A4 and its orientation, Simplified-Chinese glyphs only, the header on every page of a
long table, no standard number broken across lines, a bounded page count. Pictures of the pages
go to var/test-artifacts/documents/ for a person to look at."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from govstd.catalog.exports.formats import table_export
from govstd.catalog.exports.tables import detail_rows, statistics_lines
from govstd.catalog.levels import Level, Status
from govstd.catalog.models import Standard
from tests.document_support import office_pdf, pdf_file
from tests.standard_factories import Spec, bulk_standards

pytestmark = pytest.mark.django_db

HEADER_LINE = re.compile(r"序号\s+标准体系\s+子体系\s+体系编号\s+标准编号\s+标准名称\s+标准级别\s+标准状态\s+实施日期\s+"
                         r"归口单位\s+备注")
NUMBER = re.compile(r"^(?:GB|GB/T|GB/Z|[A-Z]{2}/T|DB\d{2}/T|T/\w+|Q/\w+|ISO|IEC|ISO/IEC)\b.*\d$")


def export(admin, table, fmt, **filters) -> bytes:
    return table_export(table=table, fmt=fmt, acting_user=admin, filters=filters).content


@pytest.fixture
def catalog_200(demo_catalog) -> int:
    """Table 1 of 200 rows: the demo's 153 and 47 more with long numbers and long names."""
    bulk_standards(
        Spec(number=f"GB/T {30000 + n}.{n % 9 + 1}—2023", level=Level.NATIONAL,
             status=(Status.CURRENT, Status.TO_DEVELOP, Status.UPCOMING)[n % 3], issue_date=dt.date(2023, 5, 1),
             title="党政机关办公用房数字化管理平台建设与运行维护规范 第部分：数据接口")
        for n in range(47))
    count = Standard.objects.count()
    assert count == 200
    return count


def _numbers() -> list[str]:
    return [row[4] for row in detail_rows() if row[4]]


def _assert_numbers_whole(pages: list[str], numbers: list[str]) -> None:
    """Every standard number appears whole on one line of the printed text (none broken after the dash)."""
    text = "\n".join(pages)
    broken = [number for number in numbers if number not in text]
    assert not broken, broken[:5]
    assert not re.search(r"\d{4}-\d{2}-(\s|$)", text, re.M), "a date broken after its month"


def _assert_chinese_faces(pdf) -> None:
    """Only Simplified-Chinese glyph forms: no glyph drawn from a Japanese face, some from an SC one."""
    forms = pdf.glyph_forms()
    assert not forms["JP"], f"Japanese glyph forms: {sorted(forms['JP'])}"
    assert forms["SC"], "no Simplified-Chinese glyph form found"
    assert not [font for font in pdf.fonts if re.search(r"(?i)(jp|japan|gothic|mincho|kr|tc)[-_]", font)
                and "CJKjp" not in font]  # a CJK collection's shared CFF carries "jp" in every face's name


@pytest.mark.libreoffice
def test_table1_docx_prints_200_rows_on_a4_landscape_header_on_every_page(admin, catalog_200, tmp_path):
    """R-6-IO, R-6.4-1: the Word Table 1 of 200 rows prints landscape A4 on at most 8 pages, the
    header row opens every page, no standard number, level or status breaks, glyphs are SC."""
    pdf = office_pdf(export(admin, "detail", "docx"), "table1.docx", tmp_path)
    pdf.pictures("table1-docx")
    assert pdf.is_a4(landscape=True)
    pages = pdf.pages()
    assert 2 <= len(pages) <= 8
    for page in pages:
        assert HEADER_LINE.search(page), page[:400]
    _assert_numbers_whole(pages, _numbers())
    for label in ("待制定", "即将实施", "国家标准"):
        assert label in "\n".join(pages)
    _assert_chinese_faces(pdf)


def test_table1_pdf_prints_200_rows_on_a4_landscape_header_on_every_page(admin, catalog_200, tmp_path):
    """R-6-IO, R-6.4-1: the PDF Table 1 (WeasyPrint) — the same bounds as the Word one."""
    pdf = pdf_file(export(admin, "detail", "pdf"), "table1.pdf", tmp_path)
    pdf.pictures("table1-pdf")
    assert pdf.is_a4(landscape=True)
    pages = pdf.pages()
    assert 2 <= len(pages) <= 8
    for page in pages:
        assert HEADER_LINE.search(page), page[:400]
    _assert_numbers_whole(pages, _numbers())
    _assert_chinese_faces(pdf)


@pytest.mark.libreoffice
def test_table1_xlsx_prints_one_page_wide_with_the_title_rows_repeated(admin, catalog_200, tmp_path):
    """R-6-IO: the workbook prints A4 landscape one page wide, its header on every page; 序号 is a
    number, 实施日期 a date and an empty field a blank cell."""
    data = export(admin, "detail", "xlsx")
    sheet = load_workbook(io.BytesIO(data))["标准明细表"]
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.freeze_panes == "A3"
    assert sheet["A3"].value == 1 and isinstance(sheet["A3"].value, int)
    assert isinstance(sheet["I3"].value, dt.datetime) or sheet["I3"].value is None
    assert all(cell.value != "" for row in sheet.iter_rows(min_row=3) for cell in row)
    assert all(sheet.cell(row=3, column=c).border.left.style == "thin" for c in range(1, 12))
    pdf = office_pdf(data, "table1.xlsx", tmp_path)
    pdf.pictures("table1-xlsx")
    assert pdf.is_a4(landscape=True)
    pages = pdf.pages()
    assert len(pages) <= 10
    for page in pages:
        assert HEADER_LINE.search(page), page[:400]
    _assert_numbers_whole(pages, _numbers())
    _assert_chinese_faces(pdf)


def test_formula_like_text_is_a_quoted_text_cell_in_xlsx(admin, demo_catalog):
    """R-6-IO: a value starting with = + - @ is stored as text with the quote-prefix style — it
    never runs and shows as typed, without a visible apostrophe."""
    Standard.objects.filter(number="GB/T 22239—2019").update(notes="=cmd|' /C calc'!A0",
                                                              responsible_unit="-建议删除第5章第2条")
    sheet = load_workbook(io.BytesIO(export(admin, "detail", "xlsx")))["标准明细表"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[4].value == "GB/T 22239—2019")
    assert row[10].value == "=cmd|' /C calc'!A0" and row[10].data_type == "s" and row[10].quotePrefix
    assert row[9].value == "-建议删除第5章第2条" and row[9].quotePrefix


def test_table2_xlsx_has_every_line_once_with_totals_equal_to_the_recount(admin, demo_catalog):
    """R-6.5-1: Table 2 as .xlsx read back — no empty row, every label present, 小计 and 合计 bold
    numbers equal to the recount, the extra line's label kept (with the option that lists the retired
    editions, and without it no such line), A4, 宋体, header frozen."""
    plain = load_workbook(io.BytesIO(export(admin, "statistics", "xlsx")))["标准统计表"]
    assert plain.max_row == 2 + len(statistics_lines()) and plain.cell(row=plain.max_row, column=1).value == "合计"
    sheet = load_workbook(io.BytesIO(export(admin, "statistics", "xlsx", include_retired=True)))["标准统计表"]
    lines = statistics_lines(include_retired=True)
    assert sheet.max_row == 2 + len(lines)
    for row in sheet.iter_rows(min_row=3):
        assert any(cell.value not in (None, "") for cell in row)  # no empty ruled rows
    for row_no, line in enumerate(lines, start=3):
        counts = [sheet.cell(row=row_no, column=c).value for c in range(3, 10)]
        assert counts == [*line.counts, line.total]
        assert all(isinstance(n, int) for n in counts)
        assert sheet.cell(row=row_no, column=9).alignment.horizontal == "right"
        label = sheet.cell(row=row_no, column=1 if line.kind in ("total", "outside") else 2).value
        assert label == {"total": "合计", "outside": line.label}.get(line.kind, line.label)
        assert sheet.cell(row=row_no, column=3).font.b == (line.kind in ("subtotal", "total"))
        assert sheet.cell(row=row_no, column=3).font.name == "宋体"
    subtotals = [line for line in lines if line.kind == "subtotal"]
    total = next(line for line in lines if line.kind == "total")
    assert total.total == sum(line.total for line in subtotals) == Standard.objects.exclude(
        status__in=[Status.SUPERSEDED, Status.WITHDRAWN]).count()
    assert sheet.cell(row=2 + len(lines), column=1).value == "已废止或有更新版（不计入）"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {f"A{len(lines) + 1}:B{len(lines) + 1}", f"A{len(lines) + 2}:B{len(lines) + 2}"} <= merged
    assert int(sheet.page_setup.paperSize) == 9 and sheet.freeze_panes == "C3"


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_table2_prints_on_one_a4_page_with_bold_totals(admin, demo_catalog, tmp_path, fmt):
    """R-6.5-1: Table 2 fits one A4 landscape page in every format, every group and total on it."""
    data = export(admin, "statistics", fmt)
    pdf = pdf_file(data, "table2.pdf", tmp_path) if fmt == "pdf" else office_pdf(data, f"table2.{fmt}", tmp_path)
    pdf.pictures(f"table2-{fmt}")
    assert pdf.is_a4(landscape=True)
    pages = pdf.pages()
    assert len(pages) == 1
    for line in statistics_lines():
        assert (line.group if line.kind != "outside" else line.label) in pages[0]
    assert "不计入：" not in pages[0]
    _assert_chinese_faces(pdf)


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_system_table_prints_in_chinese_faces_on_a4(admin, demo_catalog, tmp_path, fmt):
    """R-6.2-1, R-6.6-1: the whole standard system table prints on A4 with SC glyphs only, the
    figures included (their PNGs in Word and Excel, their SVGs in the PDF)."""
    data = export(admin, "system", fmt)
    pdf = pdf_file(data, "system.pdf", tmp_path) if fmt == "pdf" else office_pdf(data, f"system.{fmt}", tmp_path)
    pdf.pictures(f"system-{fmt}")
    sizes = pdf.page_sizes()
    assert all(min(size) < 596 and max(size) < 843 for size in sizes)  # A4, either way round
    text = "\n".join(pdf.pages())
    assert "标准化工作标准" in text
    _assert_numbers_whole(pdf.pages(), _numbers())
    _assert_chinese_faces(pdf)


def test_diagram_png_uses_the_simplified_chinese_face():
    """R-6.3-2: the PNG figures load the SC face of a CJK collection, not its first (Japanese) one."""
    from PIL import ImageFont

    from govstd.catalog.structure_diagram import cjk_font

    found = cjk_font()
    assert found is not None
    path, index = found
    family = ImageFont.truetype(path, 12, index=index).getname()[0]
    assert family.endswith(" SC") or "Sim" in family, family


def test_word_documents_declare_chinese(admin, demo_catalog):
    """R-6-IO: the .docx declares zh-CN as its East-Asian language, in the defaults and the theme
    settings, names 宋体 as the default East-Asian face and lists no Japanese face."""
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(export(admin, "statistics", "docx")))
    styles = archive.read("word/styles.xml").decode()
    settings_xml = archive.read("word/settings.xml").decode()
    assert 'w:eastAsia="zh-CN"' in styles and "ja-JP" not in styles
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings_xml)
    assert re.search(r'<w:rPrDefault>\s*<w:rPr>\s*<w:rFonts [^>]*w:eastAsia="宋体"', styles)
    fonts = archive.read("word/fontTable.xml").decode()
    assert "ＭＳ 明朝" not in fonts and 'w:name="宋体"' in fonts
    assert "ＭＳ" not in archive.read("word/theme/theme1.xml").decode()
