"""Uploaded drafts are checked without exhausting the worker (R-7.3-1; dengbao §4, availability of
the 安全计算环境): the audit's padded draft is refused through every door, and the process that
checks it stays small, because each zip member is expanded and counted before anything is parsed
and the body is read as a stream."""

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from docx import Document

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.errors import FileRejected
from govstd.lifecycle.choices import DraftKind
from govstd.lifecycle.draft_files import check_draft
from govstd.lifecycle.services import drafting
from govstd.lifecycle.states import Stage

from .hostile_files import declaring, padded_draft, zip_of
from .lifecycle_factories import advance, new_project

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def padded(tmp_path_factory) -> Path:
    return padded_draft(tmp_path_factory.mktemp("drafts") / "草案.docx")


def test_checking_the_padded_draft_stays_under_500_mb(padded, tmp_path):
    """The audit's draft (15 MB; its body expands to 180 MB; overall ratio 13) grew a worker to 3.6 GB.

    The check runs in a fresh interpreter, so its peak resident memory (VmHWM) is the check's own; the
    interpreter's address space is capped at 2 GB so a regression fails here instead of exhausting
    the machine.
    """
    script = textwrap.dedent("""
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        import django
        django.setup()
        from govstd.errors import FileRejected
        from govstd.lifecycle.draft_files import check_draft
        data = open(sys.argv[1], "rb").read()
        try:
            check_draft(data, name="草案.docx")
            message = None
        except FileRejected as error:
            message = error.message
        # VmHWM: this interpreter's own peak (ru_maxrss would include the forking parent's size).
        peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
        print(json.dumps({"message": message, "peak": peak}))
    """)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "govstd.settings", "GOVSTD_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script, str(padded)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert "压缩炸弹" in outcome["message"] and "word/document.xml" in outcome["message"]
    assert outcome["peak"] < 500 * 1024 * 1024, f"peak {outcome['peak'] / 2**20:.0f} MB"


@pytest.mark.django_db
def test_the_padded_draft_is_refused_through_every_door_and_nothing_is_stored(padded, users, demo_catalog, client):
    """Service (the CLI's door), API and web page give the same clear refusal; no version is stored."""
    data = padded.read_bytes()
    project = advance(new_project(users), Stage.DRAFTING, users)
    drafter = users[Role.DRAFTER]
    with pytest.raises(FileRejected, match="疑似压缩炸弹"):
        drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.WORKING_DRAFT, data=data,
                              file_name="草案.docx")

    token = api_token_create(user=drafter, name="test")
    upload = io.BytesIO(data)
    upload.name = "草案.docx"
    response = client.post(f"/api/v1/projects/{project.pk}/drafts", {"kind": "working_draft", "file": upload},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert response.json()["code"] == "file_rejected" and "疑似压缩炸弹" in response.json()["message"]

    client.force_login(drafter)
    upload.seek(0)
    page = client.post(f"/projects/{project.pk}/drafts/", {"kind": "working_draft", "file": upload}, follow=True)
    assert "疑似压缩炸弹" in page.content.decode()
    assert not project.versions.exists()


def test_a_body_that_hides_its_size_is_refused_by_the_bytes_it_expands_to():
    """The header claims 1 KB; the bytes that come out are counted, so the lie is refused, not believed."""
    body = b"<w:document><w:body>" + b"<w:p/>" * 20_000_000 + b"</w:body></w:document>"
    data = declaring(zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": body}), "word/document.xml",
                     1024)
    with pytest.raises(FileRejected, match="已损坏，无法读取"):
        check_draft(data, name="草案.docx")


def test_clause_numbers_are_read_from_the_stream_as_python_docx_reads_the_paragraphs():
    """R-7.4-2's clause selector: body paragraphs only (not tables), tabs and breaks as spaces, in order."""
    document = Document()
    for text in ["前言", "1 范围", "2\t规范性引用文件", "  3.1 会议室", "附 录 A", "A.1 总则", "10.2.3.4.5.6 深", "1 重复"]:
        document.add_paragraph(text)
    document.add_table(rows=1, cols=1).cell(0, 0).text = "7 表内的段落不是条款"
    paragraph = document.add_paragraph("8")
    paragraph.add_run().add_tab()
    paragraph.add_run("总体要求")
    buffer = io.BytesIO()
    document.save(buffer)
    assert check_draft(buffer.getvalue(), name="草案.docx").clauses == [
        "1", "2", "3.1", "附录 A", "A.1", "10.2.3.4.5.6", "8"]
