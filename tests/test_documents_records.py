"""The records and sets of clause 7 as an office reads them: the review record (R-7.5-1), the
publication record (R-7.6-1), the periodic-review record (R-7.7-1, R-7.7-2), and the 送审材料
(R-7.4-5) and 报批材料 (R-7.5-2) sets as .zip with an index. Each paper is printed through
LibreOffice and read back from the PDF — A4, Simplified-Chinese faces only, its texts in order —
with page pictures under var/test-artifacts/documents/. Also: one registry behind the pages, the
API and the CLI, offered only once the facts exist, refused to roles that must not see them."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from govstd.accounts.roles import Role
from govstd.catalog.levels import Status
from govstd.catalog.models import Standard
from govstd.documents.registry import document_export, documents_offered, registered
from govstd.errors import Conflict, PermissionDenied
from govstd.lifecycle.exports.material_sets import INDEX_NAME
from govstd.lifecycle.services import periodic_review
from govstd.lifecycle.states import Stage
from tests.document_support import as_read, office_pdf, pdf_file
from tests.lifecycle_factories import advance, new_project
from tests.test_documents_catalog import _assert_chinese_faces

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(users, demo_catalog):
    return advance(new_project(users), Stage.PUBLISHED, users)


@pytest.fixture
def concluded_review(users, published):
    """A periodic review of the published standard, concluded 修订: it opens a revision project."""
    office = users[Role.STANDARDIZATION_ADMIN]
    review = periodic_review.periodic_review_open(standard=published.standard, acting_user=office,
                                                  trigger="law_or_policy", reason="《机关事务管理条例》修订。")
    return periodic_review.periodic_review_conclude(
        review=review, acting_user=office, conclusion="revise", reason="部分条款与新条例不一致，需修订。",
        opinions="张明（深圳市标准技术研究院）：第5章应按新条例修订。\n李华：同意修订。")


def _export(users, kind: str, key, fmt: str, role: Role = Role.STANDARDIZATION_ADMIN):
    return document_export(kind=kind, key=str(key), fmt=fmt, acting_user=users[role])


def _text(data: bytes) -> str:
    """The text of a .docx, paragraphs and table cells in document order, without spaces."""
    document = Document(io.BytesIO(data))
    parts = []
    for block in document.element.body.iter():
        if block.tag.endswith("}t") and block.text:
            parts.append(block.text)
    return as_read("".join(parts)).replace(" ", "")


def _in_order(text: str, *words: str) -> None:
    position = 0
    for word in words:
        found = text.find(word, position)
        assert found >= 0, f"{word!r} missing (or out of order) after position {position}: {text[position:position + 200]}"
        position = found + len(word)


def test_the_registry_covers_every_document_the_platform_makes():
    """One list for the web, the API and the CLI: the tables, the forms, the records and the sets."""
    names = {kind.name for kind in registered()}
    assert names >= {"table1", "table2", "system-table", "explanation", "proposal", "plan", "comments", "memo",
                     "review-record", "publication-record", "periodic-review-record", "review-materials",
                     "approval-materials"}


def test_review_record_lists_form_experts_focus_points_and_conclusion(users, published):
    """R-7.5-1: the meeting, its date and place, each expert's judgement of a)–e), the overall
    opinion and recommendation, then the conclusion and its date — in that order."""
    text = _text(_export(users, "review-record", published.code, "docx").content)
    review = published.review_rounds.get()
    expert = users[Role.REVIEWER]
    _in_order(text, "标准审查记录", "会议审查纪要", published.title, published.code, "会议审查", "市民中心会议室",
              "送审稿第1版", "一、审查专家", expert.get_full_name() or expert.username, "二、专家审查意见",
              "a）是否与机关事务智慧化", "符合", "e）标准的内容是否合理", "总体意见：同意通过。", "审查建议：通过",
              "三、审查结论", "通过", f"{review.concluded_at.year}年")


def test_publication_record_gives_number_dates_decision_and_what_it_replaces(users, published):
    """R-7.6-1: the number, name, level, issue and implementation dates, the approving decision."""
    standard = published.standard
    text = _text(_export(users, "publication-record", published.code, "docx").content)
    issue = standard.issue_date
    _in_order(text, "标准发布记录", standard.number.replace(" ", ""), standard.title, "地方标准",
              f"{issue.year}年{issue.month}月{issue.day}日", "批准发布", "代替标准", "无", published.code)


def test_periodic_review_record_gives_trigger_conclusion_and_the_revision_project(users, concluded_review):
    """R-7.7-1, R-7.7-2: why the standard was reviewed, the opinion, 修订 and the project it opened."""
    text = _text(_export(users, "periodic-review-record", concluded_review.pk, "docx").content)
    _in_order(text, "标准复审记录", concluded_review.standard.number.replace(" ", ""), "法规、政策变化",
              "《机关事务管理条例》修订。", "一、复审意见", "1", "张明", "深圳市标准技术研究院", "第5章应按新条例修订。",
              "2", "李华", "同意修订。", "二、复审结论", "修订", "部分条款与新条例不一致",
              concluded_review.revision_project.code)


def test_records_are_refused_before_their_facts_exist(users, demo_catalog):
    """No review record before a review concluded, no publication record before publication, no
    sets before submission: 409 with the reason, and the pages show the same reason."""
    project = advance(new_project(users), Stage.REVIEW, users)
    with pytest.raises(Conflict, match="尚未结论"):
        _export(users, "review-record", project.code, "pdf")
    with pytest.raises(Conflict, match="尚未批准发布"):
        _export(users, "publication-record", project.code, "docx")
    with pytest.raises(Conflict, match="审查尚未通过"):
        _export(users, "approval-materials", project.code, "zip")
    offers = {offer.kind.name: offer for offer in documents_offered(scope="project", obj=project)}
    assert offers["review-materials"].available and not offers["publication-record"].available
    drafting = advance(new_project(users, title="机关食堂智慧餐饮服务规范"), Stage.DRAFTING, users)
    with pytest.raises(Conflict, match="尚未提交审查"):
        _export(users, "review-record", drafting.code, "docx")
    with pytest.raises(Conflict, match="尚未提交审查"):
        _export(users, "review-materials", drafting.code, "zip")


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_administrator_roles_may_not_have_project_records(users, published, concluded_review, role):
    """三员分立: the administrators see no project, so none of its records or sets."""
    for kind, key, fmt in (("review-record", published.code, "docx"), ("publication-record", published.code, "docx"),
                           ("approval-materials", published.code, "zip"),
                           ("periodic-review-record", concluded_review.pk, "docx")):
        with pytest.raises(PermissionDenied):
            _export(users, kind, key, fmt, role=role)


@pytest.mark.parametrize(("kind", "files"), [
    ("review-materials", ["01_送审稿_v1.docx", "02_编制说明.docx", "03_征求意见汇总处理表.docx",
                          "03_征求意见汇总处理表.xlsx"]),
    ("approval-materials", ["01_报批稿_v1.docx", "02_编制说明.docx", "03_征求意见汇总处理表.docx",
                            "03_征求意见汇总处理表.xlsx", "04_标准审查记录.docx"]),
])
def test_material_sets_open_and_their_index_lists_every_file(users, published, kind, files):
    """R-7.4-5, R-7.5-2: the .zip opens; its index names each enclosed file with version and date."""
    export = _export(users, kind, published.code, "zip")
    assert export.filename.endswith(".zip") and export.content_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert archive.testzip() is None
    assert archive.namelist() == [INDEX_NAME, *files]
    index = _text(archive.read(INDEX_NAME))
    _in_order(index, published.title, "目录", *[re.sub(r"\s", "", name) for name in files])
    assert "第1版" in index
    draft = published.versions.get(kind="review_draft" if kind == "review-materials" else "approval_draft")
    with draft.file.open("rb") as source:
        assert archive.read(files[0]) == source.read()


def test_project_page_offers_records_and_greys_out_what_is_missing(client, users, demo_catalog):
    """The project page lists its documents: a link when the facts exist, a disabled entry saying
    why when not; the review section links each concluded round's record."""
    project = advance(new_project(users), Stage.APPROVAL, users)
    client.force_login(users[Role.DRAFTER])
    page = client.get(project.get_absolute_url()).content.decode()
    review = project.review_rounds.get()
    assert reverse("lifecycle:project_document", args=[project.pk, "review-materials", "zip"]) in page
    assert reverse("lifecycle:review_record", args=[project.pk, review.pk, "pdf"]) in page
    assert "标准尚未批准发布，发布记录在发布后形成。" in page
    assert reverse("lifecycle:project_document", args=[project.pk, "publication-record", "docx"]) not in page
    response = client.get(reverse("lifecycle:review_record", args=[project.pk, review.pk, "docx"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("role", [Role.AUDIT_ADMIN, Role.SYSTEM_ADMIN])
def test_record_pages_refuse_administrator_roles(client, users, published, concluded_review, role):
    """The download links answer 403 to the administrator roles, as the project pages do."""
    client.force_login(users[role])
    review = published.review_rounds.get()
    for url in (reverse("lifecycle:review_record", args=[published.pk, review.pk, "docx"]),
                reverse("lifecycle:project_document", args=[published.pk, "approval-materials", "zip"]),
                reverse("lifecycle:periodic_review_record", args=[concluded_review.pk, "docx"])):
        assert client.get(url).status_code == 403, url


def test_api_serves_records_and_refuses_what_does_not_exist(client, users, published, concluded_review):
    """The API's document endpoints use the same registry: 200 with the file, 409 with the reason."""
    client.force_login(users[Role.LEADER])
    response = client.get(f"/api/v1/projects/{published.pk}/documents/publication-record.docx")
    assert response.status_code == 200, response.content
    review = published.review_rounds.get()
    assert client.get(f"/api/v1/reviews/{review.pk}/record.docx").status_code == 200
    assert client.get(f"/api/v1/periodic-reviews/{concluded_review.pk}/record.docx").status_code == 200
    listing = client.get(f"/api/v1/projects/{published.pk}/documents").json()
    assert {d["kind"]: d["available"] for d in listing}["approval-materials"] is True
    revision = concluded_review.revision_project
    refused = client.get(f"/api/v1/projects/{revision.pk}/documents/publication-record.pdf")
    assert refused.status_code == 409 and "尚未批准发布" in refused.json()["message"]
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    other = Standard.objects.filter(status=Status.CURRENT).exclude(periodic_reviews__conclusion="").first()
    review_id = periodic_review.periodic_review_open(standard=other, acting_user=None, trigger="other",
                                                     reason="职能调整。").pk
    concluded = client.post(f"/api/v1/periodic-reviews/{review_id}/conclusion", content_type="application/json",
                            data={"conclusion": "continue", "reason": "仍适用。", "opinions": "王强：继续有效。"})
    assert concluded.status_code == 200 and concluded.json()["opinions"] == "王强：继续有效。"
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/periodic-reviews/{review_id}/record.{fmt}" in schema["paths"]


# --- printed through LibreOffice --------------------------------------------------------------------

@pytest.mark.libreoffice
@pytest.mark.parametrize(("kind", "words"), [
    ("review-record", ("标准审查记录", "一、审查专家", "二、专家审查意见", "三、审查结论")),
    ("publication-record", ("标准发布记录", "标准编号", "发布日期", "实施日期", "批准发布", "代替标准")),
    ("periodic-review-record", ("标准复审记录", "复审原因", "一、复审意见", "二、复审结论", "修订项目")),
])
def test_records_print_on_a4_in_chinese_faces_with_their_texts_in_order(users, published, concluded_review,
                                                                        tmp_path, kind, words):
    """The Word record printed by LibreOffice (as the .pdf download is): A4 portrait, SC glyphs only."""
    key = concluded_review.pk if kind == "periodic-review-record" else published.code
    pdf = office_pdf(_export(users, kind, key, "docx").content, f"{kind}.docx", tmp_path)
    pdf.pictures(kind)
    assert pdf.is_a4(landscape=False)
    _in_order("".join(pdf.pages()).replace(" ", "").replace("\n", ""), *words)
    _assert_chinese_faces(pdf)


@pytest.mark.libreoffice
def test_record_pdf_download_is_the_printed_word_record(users, published, tmp_path):
    """The .pdf format of a record is its Word version printed: A4 and the same texts."""
    pdf = pdf_file(_export(users, "review-record", published.code, "pdf").content, "review-record.pdf", tmp_path)
    assert pdf.is_a4(landscape=False)
    assert "标准审查记录" in "".join(pdf.pages()).replace(" ", "")


@pytest.mark.libreoffice
def test_set_index_prints_on_a4(users, published, tmp_path):
    """The index page of 报批材料 prints on A4 with every file's line."""
    archive = zipfile.ZipFile(io.BytesIO(_export(users, "approval-materials", published.code, "zip").content))
    pdf = office_pdf(archive.read(INDEX_NAME), "approval-index.docx", tmp_path)
    pdf.pictures("approval-materials-index")
    assert pdf.is_a4(landscape=False)
    text = "".join(pdf.pages()).replace(" ", "").replace("\n", "")
    _in_order(text, "报批材料目录", "01_报批稿_v1.docx", "02_编制说明.docx", "04_标准审查记录.docx")
    _assert_chinese_faces(pdf)


def test_catalog_export_page_takes_every_catalog_document_of_the_registry(admin_client, demo_catalog):
    """R-6.6-1: the explanation downloads from /export/ like the tables, by its registry name; a name
    the registry does not have is a 400 naming the kinds there are, never a 500."""
    explanation = admin_client.get("/export/explanation.docx")
    assert explanation.status_code == 200
    assert "标准体系编制说明" in _text(explanation.content)
    assert 'href="/export/explanation.docx"' in admin_client.get("/explanation/").content.decode()
    unknown = admin_client.get("/export/nonsense.docx")
    assert unknown.status_code == 400 and "table1" in unknown.content.decode()
    assert admin_client.get("/export/table1.xlsx").status_code == 302  # a long one is a job, as /export/detail.xlsx
