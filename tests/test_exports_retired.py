"""R-6.4-1 (guideline 6.4): Table 1's exports list the system's current and planned standards; superseded
and withdrawn editions only when asked for — one option, through one selector, in every way of asking."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from govstd.accounts.services import api_token_create
from govstd.catalog.exports.formats import table_export
from govstd.catalog.levels import OUTSIDE_SYSTEM
from govstd.catalog.models import Standard
from govstd.catalog.selectors.detail_table import detail_table
from govstd.jobs.models import Job

pytestmark = pytest.mark.django_db

STATUS_COLUMN = 7


def _statuses(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content))["标准明细表"]
    return [row[STATUS_COLUMN] for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_selector_leaves_retired_editions_out_unless_asked(demo_catalog):
    retired = Standard.objects.filter(status__in=OUTSIDE_SYSTEM).count()
    assert retired == 3
    assert detail_table().count() == 150
    assert not detail_table().filter(status__in=OUTSIDE_SYSTEM).exists()
    assert detail_table(include_retired=True).count() == 153
    # naming a retired status is asking for those editions
    assert detail_table(status="withdrawn").count() == Standard.objects.filter(status="withdrawn").count() > 0


def test_xlsx_export_lists_retired_editions_only_with_the_option(admin, demo_catalog):
    plain = _statuses(table_export(table="detail", fmt="xlsx", acting_user=admin).content)
    assert len(plain) == 150 and not {"废止", "有更新版"} & set(plain)
    full = _statuses(table_export(table="detail", fmt="xlsx", acting_user=admin,
                                  filters={"include_retired": True}).content)
    assert len(full) == 153 and {"废止", "有更新版"} <= set(full)


def test_system_document_follows_the_option_and_table_2_names_what_it_leaves_out(admin, demo_catalog):
    def texts(**filters):
        document = Document(io.BytesIO(table_export(table="system", fmt="docx", acting_user=admin,
                                                    filters=filters).content))
        return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]

    plain, full = texts(), texts(include_retired=True)
    assert not any(row[STATUS_COLUMN] in ("废止", "有更新版") for row in plain if len(row) == 11)
    assert sum(row[STATUS_COLUMN] in ("废止", "有更新版") for row in full if len(row) == 11) == 3
    assert any(row[0] == "已废止或有更新版（不计入）" for row in full)


def test_page_checkbox_reaches_the_export(admin_client, demo_catalog, django_capture_on_commit_callbacks):
    page = admin_client.get("/standards/").content.decode()
    assert 'name="include_retired"' in page
    assert "废止" not in admin_client.get("/standards/?status=in_system").content.decode().split("<tbody")[-1]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.get("/export/detail.xlsx?include_retired=on")
    job = Job.objects.latest("id")
    assert job.params["filters"]["include_retired"] is True
    assert len(_statuses(job.result_file.read())) == 153
    admin_client.get("/export/system.xlsx?include_retired=on")
    assert Job.objects.latest("id").params["filters"] == {"include_retired": True}


def test_api_parameter(client, admin, demo_catalog, django_capture_on_commit_callbacks):
    headers = {"Authorization": f"Bearer {api_token_create(user=admin, name='test')}"}
    assert client.get("/api/v1/standards?page_size=500", headers=headers).json()["count"] == 150
    assert client.get("/api/v1/standards?page_size=500&include_retired=true", headers=headers).json()["count"] == 153
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/exports", {"table": "detail", "format": "xlsx",
                                                   "filters": {"include_retired": True}},
                               content_type="application/json", headers=headers)
    assert response.status_code == 202, response.content
    assert len(_statuses(Job.objects.get(pk=response.json()["id"]).result_file.read())) == 153


def test_cli_option(admin, demo_catalog, tmp_path: Path):
    """``export-document table1|table2|system-table --include-retired`` passes the one option through; Table 2
    then counts the retired editions on their own line, outside 合计; ``export-table`` is the same command."""
    call_command("export-document", "table1", "--format", "xlsx", "--output", str(tmp_path / "a.xlsx"), verbosity=0)
    call_command("export-document", "table1", "--format", "xlsx", "--output", str(tmp_path / "b.xlsx"),
                 "--include-retired", verbosity=0)
    call_command("export-table", "detail", "--format", "xlsx", "--output", str(tmp_path / "c.xlsx"),
                 "--include-retired", verbosity=0)
    assert len(_statuses((tmp_path / "a.xlsx").read_bytes())) == 150
    assert len(_statuses((tmp_path / "b.xlsx").read_bytes())) == len(_statuses((tmp_path / "c.xlsx").read_bytes())) == 153
    for name, flags in (("plain", ()), ("full", ("--include-retired",))):
        call_command("export-document", "table2", "--format", "xlsx", "--output", str(tmp_path / f"{name}.xlsx"),
                     *flags, verbosity=0)
    labels = {name: [row[0] for row in load_workbook(tmp_path / f"{name}.xlsx")["标准统计表"].values]
              for name in ("plain", "full")}
    assert labels["plain"][-1] == "合计" and "已废止或有更新版（不计入）" not in labels["plain"]
    assert labels["full"][-1] == "已废止或有更新版（不计入）"
    last = list(load_workbook(tmp_path / "full.xlsx")["标准统计表"].values)[-1]
    assert last[-1] == 3  # the three retired editions Table 1 lists with the option
    call_command("export-document", "system-table", "--format", "docx", "--output", str(tmp_path / "s.docx"),
                 "--include-retired", verbosity=0)
    statuses = [row.cells[STATUS_COLUMN].text for table in Document(tmp_path / "s.docx").tables
                for row in table.rows if len(row.cells) == 11]
    assert sum(status in ("废止", "有更新版") for status in statuses) == 3


def test_an_option_a_document_does_not_take_is_refused(admin, demo_catalog, tmp_path: Path):
    with pytest.raises(CommandError, match="不接受选项 include_retired"):
        call_command("export-document", "explanation", "--format", "docx", "--output", str(tmp_path / "e.docx"),
                     "--include-retired", verbosity=0)
    assert not (tmp_path / "e.docx").exists()


def test_table2_page_checkbox_and_api_reach_the_extra_line(admin_client, client, admin, demo_catalog,
                                                           django_capture_on_commit_callbacks):
    """R-6.5-1: Table 2 agrees with Table 1 whichever way it is asked for: the extra line only with the option."""
    def last_label(content: bytes) -> str:
        return list(load_workbook(io.BytesIO(content))["标准统计表"].values)[-1][0]

    assert 'name="include_retired"' in admin_client.get("/statistics/").content.decode()
    assert last_label(admin_client.get("/export/statistics.xlsx").content) == "合计"
    assert last_label(admin_client.get("/export/statistics.xlsx?include_retired=on").content) == "已废止或有更新版（不计入）"
    headers = {"Authorization": f"Bearer {api_token_create(user=admin, name='test')}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/exports", {"table": "statistics", "format": "xlsx",
                                                   "filters": {"include_retired": True}},
                               content_type="application/json", headers=headers)
    assert response.status_code == 202, response.content
    assert last_label(Job.objects.get(pk=response.json()["id"]).result_file.read()) == "已废止或有更新版（不计入）"


def test_api_catalog_documents_come_from_the_registry(client, admin, demo_catalog):
    """R-6.5-1, R-6.6-1: Table 2 and the explanation download through the registry, with the same option and
    the same refusals (an option a document does not take, a long document that is a job, an unknown kind)."""
    headers = {"Authorization": f"Bearer {api_token_create(user=admin, name='test')}"}

    def get(url: str):
        return client.get(f"/api/v1/catalog/documents/{url}", headers=headers)

    plain, full = get("table2.xlsx"), get("table2.xlsx?include_retired=true")
    assert plain.status_code == full.status_code == 200
    labels = [list(load_workbook(io.BytesIO(r.content))["标准统计表"].values)[-1][0] for r in (plain, full)]
    assert labels == ["合计", "已废止或有更新版（不计入）"]
    assert get("explanation.docx").status_code == 200
    refused = get("explanation.docx?include_retired=true")
    assert refused.status_code == 400 and refused.json()["field"] == "include_retired"
    assert get("table1.xlsx").json()["field"] == "kind"
    assert get("nonsense.pdf").status_code == 400
