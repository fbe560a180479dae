"""Bulk import of comments from .xlsx/.csv (R-7.4-2), e.g. the table a meeting secretary kept.

Every row is checked first; if any row is bad nothing is written and each bad row is reported
with its spreadsheet row number, column, value and reason.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.documents.table_files import RowProblem, TableSpec, open_table
from govstd.errors import ApplicationError, ErrorCode

from ..choices import DISPOSITIONS_NEEDING_REASON, Channel, Disposition, Source
from ..inputs import MAX_COMMENT_CHARS
from ..models import Comment, Project
from ..states import WorkKind
from .transitions import work_require

COMMENT_TABLE_SPEC = TableSpec(
    header_to_key={
        "章条编号": "clause", "章条": "clause", "条款": "clause", "条款号": "clause",
        "意见内容": "content", "意见": "content", "修改意见": "content", "意见和建议": "content",
        "提出单位": "submitter", "提出单位/个人": "submitter", "提出人": "submitter", "单位": "submitter",
        "渠道": "channel", "征求方式": "channel", "来源": "source",
        "处理意见": "disposition", "备注": "reason", "联系方式": "contact",
    },
    required=("content", "submitter"), anchor="意见内容", sheet_name="征求意见汇总处理表",
    description=gettext_lazy("the comment table"),
)
CHANNEL_WORDS = {
    "网络": Channel.WEB, "网站": Channel.WEB, "网上": Channel.WEB, "电子邮件": Channel.EMAIL, "邮件": Channel.EMAIL,
    "书面": Channel.LETTER, "函": Channel.LETTER, "信函": Channel.LETTER, "会议": Channel.MEETING,
    "电话": Channel.PHONE,
}
SOURCE_WORDS = {"单位": Source.UNITS, "征求意见单位": Source.UNITS, "公众": Source.PUBLIC,
                "公开征求意见": Source.PUBLIC, "社会公众": Source.PUBLIC}
DISPOSITION_WORDS = {"采纳": Disposition.ADOPTED, "部分采纳": Disposition.PARTLY_ADOPTED,
                     "不采纳": Disposition.NOT_ADOPTED, "未采纳": Disposition.NOT_ADOPTED}


@dataclass
class CommentImportReport:
    file_name: str
    created: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class CommentRowsInvalid(ApplicationError):
    code = ErrorCode.IMPORT_ROWS_INVALID

    def __init__(self, report: CommentImportReport):
        super().__init__(_("%(count)s errors: no comment was imported.") % {"count": len(report.problems)})
        self.report = report


def _read_row(row_no: int, cells: dict, spec: TableSpec, default_channel: str, default_source: str):
    problems = []
    text = {k: str(v).strip() if v is not None else "" for k, v in cells.items()}

    def bad(key, reason):
        problems.append(RowProblem(row_no, spec.header_for(key), text.get(key, ""), reason))

    if not text.get("content"):
        bad("content", _("The comment cannot be empty"))
    elif len(text["content"]) > MAX_COMMENT_CHARS:
        bad("content", _("longer than %(count)s characters") % {"count": MAX_COMMENT_CHARS})
    if not text.get("submitter"):
        bad("submitter", _("Enter the unit or person who made the comment"))
    channel = CHANNEL_WORDS.get(text.get("channel", ""), default_channel if not text.get("channel") else None)
    if channel is None:
        bad("channel", _("The channel is one of 网络, 电子邮件, 书面, 会议 or 电话"))
    source = SOURCE_WORDS.get(text.get("source", ""), default_source if not text.get("source") else None)
    if source is None:
        bad("source", _("The source is “单位” or “公众”"))
    disposition = DISPOSITION_WORDS.get(text.get("disposition", ""), "" if not text.get("disposition") else None)
    if disposition is None:
        bad("disposition", _("The disposition is one of 采纳, 部分采纳 or 不采纳"))
    elif disposition in DISPOSITIONS_NEEDING_REASON and not text.get("reason"):
        bad("reason", _("“%(disposition)s” states the reason in the remarks") % {"disposition": disposition.label})
    values = {"clause": text.get("clause", "")[:60], "content": text.get("content", ""),
              "submitter": text.get("submitter", "")[:200], "channel": channel, "source": source,
              "disposition": disposition or "", "reason": text.get("reason", ""),
              "contact": text.get("contact", "")[:200]}
    return values, problems


@transaction.atomic
def comments_import(*, project: Project, acting_user, source: Path | bytes, file_name: str = "",
                    channel: str = Channel.IMPORT, default_source: str = Source.UNITS) -> CommentImportReport:
    """Import all rows or none; raise :class:`CommentRowsInvalid` with the report when any row is bad."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    work_require(project=project, kind=WorkKind.RECORD_COMMENTS, user=acting_user)
    table = open_table(source, spec=COMMENT_TABLE_SPEC, name=file_name or _("The comment table"))
    report = CommentImportReport(file_name=file_name or getattr(source, "name", None) or _("The comment table"),
                                 warnings=table.warnings)
    accepted = []
    for row_no, values in table.rows:
        cells = {key: values[pos] if pos < len(values) else None for pos, key in table.columns.items()}
        if all(v in (None, "") for v in cells.values()):
            continue
        row, problems = _read_row(row_no, cells, COMMENT_TABLE_SPEC, channel, default_source)
        report.problems.extend(problems)
        if not problems:
            accepted.append(row)
    if report.problems:
        raise CommentRowsInvalid(report)
    if not accepted:
        raise ApplicationError(_("%(name)s holds no comments.") % {"name": report.file_name})
    period = project.comment_periods.order_by("-round_no").first()
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(project=project, period=period, created_by=acting_user, **row,
                **({"disposed_by": acting_user, "disposed_at": now} if row["disposition"] else {}))
        for row in accepted)
    report.created = len(accepted)
    audit_record(actor=acting_user, action=AuditEntry.Action.IMPORT, instance=project,
                 message=f"导入意见 {report.created} 条（{report.file_name}）")
    return report
