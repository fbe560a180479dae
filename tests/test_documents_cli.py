"""``govstd export-document KIND OBJECT --format FMT --output FILE``: every document the platform
makes, from the one registry the pages and the API use, with the same access checks and refusals
(R-7.2-1, R-7.2-3, R-7.3-1, R-7.4-4, R-7.4-5, R-7.5-1, R-7.5-2, R-7.6-1, R-7.7-2, R-6-IO)."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from govstd.accounts.roles import Role
from govstd.documents.registry import registered
from govstd.lifecycle.services import periodic_review
from govstd.lifecycle.states import Stage
from tests.lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("export-document", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def published(users, demo_catalog):
    return advance(new_project(users), Stage.PUBLISHED, users)


@pytest.fixture
def concluded_review(users, published):
    office = users[Role.STANDARDIZATION_ADMIN]
    review = periodic_review.periodic_review_open(standard=published.standard, acting_user=office,
                                                  trigger="duties", reason="职能调整。")
    return periodic_review.periodic_review_conclude(review=review, acting_user=office, conclusion="continue",
                                                    reason="内容仍然适用。")


def _opens(path, fmt: str) -> None:
    """The file is what its format says: a Word document, a workbook, a PDF or a zip."""
    data = path.read_bytes()
    if fmt == "docx":
        Document(io.BytesIO(data))
    elif fmt == "xlsx":
        load_workbook(io.BytesIO(data))
    elif fmt == "zip":
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    elif fmt == "csv":
        assert "标准" in data.decode("utf-8-sig")
    else:
        assert data.startswith(b"%PDF")


def test_every_registered_document_exports_from_the_command_line(users, published, concluded_review, tmp_path):
    """Each kind in each format but PDF (printed by LibreOffice or WeasyPrint: the next test and the
    catalog's own) writes a file that opens."""
    keys = {"project": published.code, "review_round": published.code, "periodic_review": str(concluded_review.pk),
            "plan": str(published.plan_items.get().plan.year), "catalog": "-"}
    written = []
    for kind in registered():
        for fmt in kind.formats:
            if fmt == "pdf":
                continue
            output = tmp_path / f"{kind.name}.{fmt}"
            assert str(output) in run(kind.name, keys[kind.scope], "--format", fmt, "--output", str(output),
                                      "--as", "biaozhunhua")
            _opens(output, fmt)
            written.append(f"{kind.name}.{fmt}")
    assert {"review-record.docx", "publication-record.docx", "periodic-review-record.docx", "review-materials.zip",
            "approval-materials.zip", "proposal.docx", "memo.docx", "comments.xlsx", "plan.xlsx", "table1.xlsx",
            "table2.docx", "explanation.docx"} <= set(written)


@pytest.mark.libreoffice
def test_records_export_as_pdf_from_the_command_line(users, published, tmp_path):
    """R-7.5-1: the review record as PDF, by round number; R-6.6-1: the explanation as PDF."""
    for kind, key in (("review-record", f"{published.code}:1"), ("explanation", "-")):
        output = tmp_path / f"{kind}.pdf"
        run(kind, key, "--format", "pdf", "--output", str(output))
        assert output.read_bytes().startswith(b"%PDF")


def test_command_refuses_with_the_reason_and_exit_status(users, demo_catalog, tmp_path):
    """A record whose facts do not exist, a format a kind does not have, an unknown project, and a
    role that may not see projects: refused with the reason, exit status 1, no file written."""
    project = advance(new_project(users), Stage.REVIEW, users)
    output = tmp_path / "x.docx"
    for args, reason in (
        (("review-record", project.code, "--format", "docx"), "尚未结论"),
        (("publication-record", project.code, "--format", "pdf"), "尚未批准发布"),
        (("review-materials", project.code, "--format", "docx"), "可导出为 zip"),
        (("memo", "XM1999-9999", "--format", "docx"), "没有项目"),
        (("memo", project.code, "--format", "docx", "--as", "shenji"), "(view_projects)"),
    ):
        with pytest.raises(CommandError, match=reason) as refused:
            run(*args, "--output", str(output))
        assert refused.value.returncode == 1
    assert not output.exists()
