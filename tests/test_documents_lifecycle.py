"""The lifecycle's papers as an office prints them (R-7.2-1 B.1, R-7.2-3 C.1, R-7.4-4 D.1, R-7.3-1 the
memo): each in Word and as PDF (the Word document printed by LibreOffice), A4 in the form's
orientation, Simplified-Chinese glyphs only; D.1's comment header repeats on every page; formula-
like comments are quoted text cells in the workbook. Page pictures go to var/test-artifacts/documents/."""

import io
import re

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from govstd.accounts.roles import Role
from govstd.lifecycle.exports import plan_export, project_document_export
from govstd.lifecycle.models import AnnualPlan
from govstd.lifecycle.states import Stage
from tests.document_support import office_pdf, pdf_file
from tests.lifecycle_factories import advance, new_project
from tests.test_documents_catalog import _assert_chinese_faces

pytestmark = [pytest.mark.django_db, pytest.mark.libreoffice]


@pytest.fixture
def reviewed(users, demo_catalog):
    """A project in review with 40 comments from the units: Table D.1 runs over two pages."""
    return advance(new_project(users), Stage.REVIEW, users, comments=40)


@pytest.mark.parametrize(("document", "words"), [("proposal", "标准制（修）订项目立项建议书"),
                                                 ("memo", "编制说明"), ("comments", "标准征求意见汇总处理表")])
def test_project_documents_print_as_pdf_on_a4_portrait_in_chinese_faces(users, reviewed, tmp_path, document, words):
    """B.1, the memo and D.1 as PDF: the Word form printed, A4 portrait, SC glyphs only."""
    office = users[Role.STANDARDIZATION_ADMIN]
    export = project_document_export(project=reviewed, document=document, fmt="pdf", acting_user=office)
    assert export.content.startswith(b"%PDF") and export.filename.endswith(".pdf")
    pdf = pdf_file(export.content, f"{document}.pdf", tmp_path)
    pdf.pictures(f"{document}-pdf")
    assert pdf.is_a4(landscape=False)
    text = "\n".join(pdf.pages())
    assert words in text.replace(" ", "")
    _assert_chinese_faces(pdf)


def test_proposal_carries_the_approval_decision_into_the_department_opinion(users, reviewed, tmp_path):
    """R-7.2-2: the decision recorded on the proposal shows in 归口部门意见 with its date."""
    office = users[Role.STANDARDIZATION_ADMIN]
    export = project_document_export(project=reviewed, document="proposal", fmt="pdf", acting_user=office)
    text = "\n".join(pdf_file(export.content, "b1.pdf", tmp_path).pages()).replace(" ", "")
    day = reviewed.proposal.decision_date
    assert "同意立项" in text and f"{day.year}年{day.month}月{day.day}日" in text


def test_comment_table_repeats_its_header_on_every_page(users, reviewed, tmp_path):
    """R-7.4-4: D.1 is one table, as the seed's form: the project lines over the comment rows. With 40
    comments it runs onto a second page, which opens with the project lines and the comment header;
    no label of the project lines stacks one character a line."""
    office = users[Role.STANDARDIZATION_ADMIN]
    export = project_document_export(project=reviewed, document="comments", fmt="docx", acting_user=office)
    assert len(Document(io.BytesIO(export.content)).tables) == 1
    pdf = office_pdf(export.content, "d1.docx", tmp_path)
    pdf.pictures("comments-docx")
    pages = pdf.pages()
    assert len(pages) >= 2
    for page in pages:
        assert re.search(r"序号\s+章条编号\s+意见内容\s+提出单位", page), page[:300]
        assert re.search(r"标准名称\s+\S", page) and "牵头起草单位" in page and "联系电话" in page, page[:300]
    assert reviewed.title in "\n".join(pages).replace("\n", "").replace(" ", "")


def test_comment_workbook_prints_a4_one_page_wide_with_quoted_formula_text(users, reviewed, tmp_path):
    """R-7.4-4: D.1 as .xlsx: one table as in Word, A4 landscape one page wide, the project lines and the
    comment header printed on every page, texts wrapped, each row as tall as its longest text."""
    office = users[Role.STANDARDIZATION_ADMIN]
    data = project_document_export(project=reviewed, document="comments", fmt="xlsx", acting_user=office).content
    sheet = load_workbook(io.BytesIO(data)).active
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.print_title_rows == "$2:$6"
    assert sheet["A2"].value == "标准名称" and "A2:B2" in {str(r) for r in sheet.merged_cells.ranges}
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1)
               for cell in row if cell.value)
    assert all(sheet.row_dimensions[row].height for row in range(2, sheet.max_row))
    pdf = office_pdf(data, "d1.xlsx", tmp_path)
    pdf.pictures("comments-xlsx")
    assert pdf.is_a4(landscape=True)
    _assert_chinese_faces(pdf)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_plan_table_prints_on_a4_landscape(users, reviewed, tmp_path, fmt):
    """R-7.2-3: Table C.1 on A4 landscape in every format, fitted to one page width."""
    office = users[Role.STANDARDIZATION_ADMIN]
    plan = AnnualPlan.objects.get(year=timezone.localdate().year)
    data = plan_export(plan=plan, fmt=fmt, acting_user=office).content
    pdf = pdf_file(data, "c1.pdf", tmp_path) if fmt == "pdf" else office_pdf(data, f"c1.{fmt}", tmp_path)
    pdf.pictures(f"plan-{fmt}")
    assert pdf.is_a4(landscape=True)
    text = "\n".join(pdf.pages())
    assert re.search(r"序号\s+项目名称\s+制定/修订\s+性质\s+牵头单位\s+参与起草单位\s+主管部门\s+完成期限", text), text[:400]
    _assert_chinese_faces(pdf)


def test_pdf_versions_download_from_the_pages_and_the_api(users, reviewed, client):
    """R-7.2-1, R-7.2-3, R-7.4-4: the project and plan pages link the PDFs, which download as PDF
    from the web and the API alike (they were refused with a 400 before)."""
    from govstd.accounts.services import api_token_create

    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    page = client.get(f"/projects/{reviewed.pk}/").content.decode()
    for document in ("proposal", "memo", "comments"):
        url = f"/projects/{reviewed.pk}/documents/{document}.pdf"
        assert url in page, document
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    year = timezone.localdate().year
    assert f"/plans/{year}/plan.pdf" in client.get(f"/plans/{year}/").content.decode()
    token = api_token_create(user=users[Role.LEADER], name="test")
    response = client.get(f"/api/v1/plans/{year}/plan.pdf", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
