"""Every document in the registry, in every format, printed and judged from the PDF itself (R-6-IO,
R-6.2-1, R-6.4-1, R-6.5-1, R-6.6-1, R-7.2-1, R-7.3-1, R-7.4-4, R-7.4-5, R-7.5-1, R-7.5-2, R-7.6-1, R-7.7-2).

The kinds and formats are read from the registry when the tests are collected, so a kind registered
tomorrow is printed here too: a .pdf as it is served, a .docx or .xlsx through LibreOffice as an office
would print it, a .zip through its index. From the PDF (pdfinfo, pdffonts, pdftotext): A4 every page, in
the document's orientation; only Simplified-Chinese glyph forms and Chinese or Latin faces by name,
no Japanese face; no blank page; no standard number broken inside a cell. Pictures of every page go to
var/test-artifacts/documents/every-KIND-FORMAT-N.png. What only one document has (Table 1's header on
every page and its page bound, Table 2's workbook recount, D.1's repeated header …) is checked in
test_documents_catalog.py, test_documents_lifecycle.py and test_documents_records.py.
"""

import io
import re
import zipfile

import pytest

from govstd.accounts.roles import Role
from govstd.catalog.models import Standard
from govstd.documents.registry import document_export, registered
from govstd.lifecycle.exports.material_sets import INDEX_NAME
from govstd.lifecycle.services import periodic_review
from govstd.lifecycle.states import Stage
from tests.document_support import as_read, office_pdf, pdf_file
from tests.lifecycle_factories import advance, new_project
from tests.test_documents_catalog import HEADER_LINE, _assert_chinese_faces

pytestmark = [pytest.mark.django_db, pytest.mark.libreoffice]

# How each kind is laid out; a kind not named here is an A4 portrait paper. "mixed": landscape tables
# beside portrait text (the whole system table).
ORIENTATION = {"table1": "landscape", "table2": "landscape", "plan": "landscape", "system-table": "mixed",
               ("comments", "xlsx"): "landscape"}  # D.1's workbook prints one page wide, landscape
# Faces a document may embed: the SC faces of the Noto CJK collections (their shared CFF is named
# "…CJKjp-…" whatever the face: the glyph forms are checked on their own), and Latin faces for figures.
ALLOWED_FACE = re.compile(r"(?i)^(NotoSansCJK|NotoSerifCJK|NotoSans|NotoSerif|SourceHan\w*SC|SimSun|SimHei|FangSong|"
                          r"KaiTi|DejaVu|Liberation|OpenSymbol|Carlito|Caladea)")  # WeasyPrint: Noto-Sans-CJK-SC
JAPANESE_FACE = re.compile(r"(?i)(jp|japan|gothic|mincho|ipa|takao|kr|korean|tc)[-_]")
PRINTED = [(kind.name, fmt) for kind in registered() for fmt in kind.formats if fmt != "csv"]  # csv is no paper


@pytest.fixture
def keys(users, demo_catalog) -> dict[str, str]:
    """An object of every scope, with every document's facts in place: a published project (reviewed,
    approved, in a plan) and a periodic review concluded 继续有效."""
    published = advance(new_project(users), Stage.PUBLISHED, users)
    office = users[Role.STANDARDIZATION_ADMIN]
    review = periodic_review.periodic_review_open(standard=published.standard, acting_user=office,
                                                  trigger="duties", reason="职能调整，核查本标准是否仍适用。")
    periodic_review.periodic_review_conclude(review=review, acting_user=office, conclusion="continue",
                                             reason="内容仍然适用，继续有效。",
                                             opinions="张明（深圳市标准技术研究院）：同意继续有效。")
    return {"project": published.code, "review_round": published.code, "periodic_review": str(review.pk),
            "plan": str(published.plan_items.get().plan.year), "catalog": "-"}


def test_every_kind_and_format_is_printed_here():
    """The parametrization below covers the registry: a new kind or format is printed without a new test."""
    assert {name for name, _fmt in PRINTED} == {kind.name for kind in registered()}
    assert len(PRINTED) >= 25


def _printed(name: str, fmt: str, data: bytes, folder):
    if fmt == "pdf":
        return pdf_file(data, f"{name}.pdf", folder)
    if fmt == "zip":  # a set of files: its index is the paper that goes with it
        return office_pdf(zipfile.ZipFile(io.BytesIO(data)).read(INDEX_NAME), f"{name}-index.docx", folder)
    return office_pdf(data, f"{name}.{fmt}", folder)


def _orientations(pdf) -> set[str]:
    return {"landscape" if width > height else "portrait" for width, height in pdf.page_sizes()}


@pytest.mark.parametrize(("name", "fmt"), PRINTED, ids=[f"{name}.{fmt}" for name, fmt in PRINTED])
def test_document_prints_on_a4_in_chinese_faces(users, keys, tmp_path, name, fmt):
    kind = next(k for k in registered() if k.name == name)
    export = document_export(kind=kind, key=keys[kind.scope], fmt=fmt, acting_user=users[Role.STANDARDIZATION_ADMIN])
    pdf = _printed(name, fmt, export.content, tmp_path)
    assert pdf.pictures(f"every-{name}-{fmt}")

    expected = ORIENTATION.get((name, fmt), ORIENTATION.get(name, "portrait"))
    if expected == "mixed":
        assert all(min(size) < 597 and 840 < max(size) < 844 for size in pdf.page_sizes()), pdf.page_sizes()
    else:
        assert pdf.is_a4(landscape=expected == "landscape"), (expected, pdf.page_sizes())
        assert _orientations(pdf) == {expected}

    faces = set(pdf.fonts)
    assert faces, "no font embedded"
    assert not [face for face in faces if not ALLOWED_FACE.match(face.replace("-", ""))], faces
    assert not [face for face in faces if JAPANESE_FACE.search(face) and "CJKjp" not in face], faces
    _assert_chinese_faces(pdf)

    pages = pdf.pages()
    assert len(pages) == pdf.page_count
    blank = [number for number, page in enumerate(pages, start=1) if not page.strip()]
    assert not blank, f"blank pages {blank}"
    _assert_no_number_broken(pdf)
    if name in ("table1", "system-table"):
        _assert_header_on_every_page_of_table1(pages)


def _assert_no_number_broken(pdf) -> None:
    """A standard number the document prints is on one line: every number found in the text read in
    drawing order (where a wrapped cell's lines follow one another) is also whole on a line of the page."""
    raw = re.sub(r"\s+", "", as_read("".join(pdf.pages("-raw"))))
    laid_out = as_read("\n".join(pdf.pages()))
    numbers = Standard.objects.exclude(number="").values_list("number", flat=True)
    printed = [number for number in numbers if re.sub(r"\s+", "", number) in raw]
    broken = [number for number in printed if number not in laid_out]
    assert not broken, broken[:5]


def _assert_header_on_every_page_of_table1(pages: list[str]) -> None:
    """R-6.4-1: each page that carries Table 1's rows opens with its header, in the guideline's order."""
    rows = [page for page in pages if re.search(r"^\s*\d+\s+\S+标准体系\s", page, re.M)]
    assert rows
    for page in rows:
        assert HEADER_LINE.search(page), page[:300]
