"""The two sets of clause 7 as one .zip each, with an index page (index.docx) that lists every
enclosed file with its version and date:

- 送审材料 (7.4, R-7.4-5): the 送审稿 that went to review, the 编制说明 and Table D.1;
- 报批材料 (7.5–7.6, R-7.5-2): the 报批稿, the 编制说明, Table D.1 and the review record of the
  round that passed (7.6: 报批材料及标准审查意见).

A set holds one uploaded draft (at most ``GOVSTD_DRAFT_MAX_BYTES``) and a few generated papers, so it
is built in memory and sent at once. The names inside the archive are the platform's own (number,
kind, version and a checked extension); an uploader's file name is only shown in the index.
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.dates import chinese_date
from govstd.documents.layout import Column
from govstd.documents.word import body_paragraph, grid_table, heading, new_document, to_bytes

from ..choices import DraftKind, ReviewConclusion
from ..models import DraftVersion, Project, ReviewRound
from ..selectors.comments import comment_counts, comment_summary
from .comment_table import comment_table_docx, comment_table_xlsx
from .memo import memo_docx
from .records import review_record_docx

INDEX_NAME = "index.docx"
SAFE_EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")
INDEX_COLUMNS = [Column("序号", nowrap=True, align="center"), Column("文件", weight=2.2),
                 Column("材料名称", weight=1.6), Column("版本", nowrap=True), Column("日期", nowrap=True),
                 Column("大小", nowrap=True, align="right")]
SETS = {"review": "送审材料", "approval": "报批材料"}


@dataclass
class Enclosure:
    """One file of a set: the name it has in the archive, what it is, its version and date."""

    name: str
    title: str
    version: str
    day: dt.date | None
    content: bytes


def _draft(version: DraftVersion, seq: int) -> Enclosure:
    extension = version.extension.lower() if SAFE_EXTENSION.match(version.extension.lower()) else "bin"
    with version.file.open("rb") as source:
        content = source.read()
    kind = version.get_kind_display()
    return Enclosure(f"{seq:02d}_{_kind_name(version.kind)}_v{version.number}.{extension}",
                     f"{kind}（{version.original_name}）", f"第{version.number}版",
                     timezone.localdate(version.uploaded_at), content)


def _kind_name(kind: str) -> str:
    return {DraftKind.REVIEW_DRAFT: "送审稿", DraftKind.APPROVAL_DRAFT: "报批稿"}.get(kind, "草案")


def _memo_and_comments(project: Project, start: int) -> list[Enclosure]:
    memo = project.memo
    counts = comment_counts(project=project)
    summary = comment_summary(project=project)
    last_disposed = project.comments.exclude(disposed_at=None).order_by("-disposed_at").first()
    comments_day = timezone.localdate(last_disposed.disposed_at) if last_disposed else None
    comment_version = f"{counts.total}条意见"
    return [
        Enclosure(f"{start:02d}_编制说明.docx", "编制说明", f"第{memo.version}版", timezone.localdate(memo.updated_at),
                  memo_docx(project=project)),
        Enclosure(f"{start + 1:02d}_征求意见汇总处理表.docx", "征求意见汇总处理表（表D.1）", comment_version,
                  comments_day, comment_table_docx(summary=summary)),
        Enclosure(f"{start + 1:02d}_征求意见汇总处理表.xlsx", "征求意见汇总处理表（表D.1，Excel）", comment_version,
                  comments_day, comment_table_xlsx(summary=summary)),
    ]


def review_set_unavailable(project: Project) -> str | None:
    if not project.review_rounds.exists():
        return _("Not submitted for review yet: the review materials are put together on submission.")
    return None


def approval_set_unavailable(project: Project) -> str | None:
    if not project.review_rounds.filter(conclusion=ReviewConclusion.PASSED).exists():
        return _("The review has not passed yet: the approval materials are put together once it passes.")
    if not project.versions.filter(kind=DraftKind.APPROVAL_DRAFT).exists():
        return _("No approval draft has been uploaded yet.")
    return None


def review_set_enclosures(project: Project) -> list[Enclosure]:
    """The 送审稿 recorded with the latest review round, then the memo and Table D.1."""
    review = project.review_rounds.order_by("-number").first()
    draft_id = (review.materials.get("review_draft") or {}).get("id")
    draft = project.versions.filter(pk=draft_id).first() or project.versions.filter(
        kind=DraftKind.REVIEW_DRAFT).latest("number")
    return [_draft(draft, 1), *_memo_and_comments(project, 2)]


def approval_set_enclosures(project: Project) -> list[Enclosure]:
    """The latest 报批稿, the memo, Table D.1 and the record of the review that passed."""
    draft = project.versions.filter(kind=DraftKind.APPROVAL_DRAFT).latest("number")
    passed: ReviewRound = project.review_rounds.filter(conclusion=ReviewConclusion.PASSED).latest("number")
    return [_draft(draft, 1), *_memo_and_comments(project, 2),
            Enclosure("04_标准审查记录.docx", "标准审查记录（审查意见）", f"第{passed.number}轮",
                      timezone.localdate(passed.concluded_at), review_record_docx(review=passed))]


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n >= 1024 else f"{n} B"


def index_docx(*, project: Project, title: str, enclosures: list[Enclosure]) -> bytes:
    """The set's index page: the project, then one line per enclosed file. Dates are written
    2026-11-28 here: a word processor spaces 2026 年 11 月 apart and the column would wrap."""
    document = new_document(landscape=False)
    heading(document, f"《{project.title}》", size=16)
    heading(document, f"{title}目录", size=16)
    body_paragraph(document, f"项目编号：{project.code}　牵头起草单位：{project.lead_unit.name}", font="宋体",
                   size=10.5, indent=False)
    grid_table(document, INDEX_COLUMNS, [
        [str(n), e.name, e.title, e.version, e.day.isoformat() if e.day else "", _size(len(e.content))]
        for n, e in enumerate(enclosures, start=1)], size=9)
    body_paragraph(document, f"生成日期：{chinese_date(timezone.localdate())}。本目录之外，压缩包内无其他文件。",
                   font="宋体", size=9, indent=False)
    return to_bytes(document)


def material_set_zip(*, project: Project, which: str) -> bytes:
    """The 送审材料 (``which="review"``) or 报批材料 (``"approval"``) of the project as a .zip."""
    enclosures = review_set_enclosures(project) if which == "review" else approval_set_enclosures(project)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(INDEX_NAME, index_docx(project=project, title=SETS[which], enclosures=enclosures))
        for enclosure in enclosures:
            archive.writestr(enclosure.name, enclosure.content)
    return buffer.getvalue()
