"""Check uploaded drafts before they are stored: Word (.docx) or PDF only, size-limited, no
macros, no zip bombs; and read the clause numbers of a Word draft for the comment form.

Files are recognised by their content, not by the name the uploader gave them.
"""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings

from govstd.documents.table_files import megabytes
from govstd.errors import FileRejected

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 150
MAX_CLAUSES = 500
# "5.2.1 总体要求", "附录 A", "A.1 …": the numbering of GB/T 1.1—2020.
_CLAUSE = re.compile(r"^\s*(\d{1,2}(?:\.\d+){0,5}|[A-Z](?:\.\d+){1,5}|附\s*录\s*[A-Z])(?=\s|$)")


@dataclass(frozen=True)
class CheckedDraft:
    data: bytes
    extension: str
    sha256: str
    clauses: list[str]


def _check_docx(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise FileRejected(f"{name} 不是有效的 Word (.docx) 文件。") from error
    names = {m.filename for m in members}
    unzipped = sum(m.file_size for m in members)
    if unzipped > MAX_UNZIPPED_BYTES or unzipped / max(1, sum(m.compress_size for m in members)) > MAX_ZIP_RATIO:
        raise FileRejected(f"{name} 解压后过大（{megabytes(unzipped)}），疑似压缩炸弹，已拒绝。")
    if "word/document.xml" not in names:
        raise FileRejected(f"{name} 不是 Word (.docx) 文件。")
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise FileRejected(f"{name} 含有宏，不予接收。请另存为不含宏的 .docx 文件后上传。")


def clauses_of(data: bytes) -> list[str]:
    """List the clause numbers of a Word draft in document order, for the comment form's selector."""
    from docx import Document  # python-docx parses with resolve_entities=False: no external entities

    try:
        document = Document(io.BytesIO(data))
    except Exception:  # a draft we cannot read still uploads; commenters type the clause instead
        return []
    found: list[str] = []
    for paragraph in document.paragraphs:
        match = _CLAUSE.match(paragraph.text)
        if match:
            clause = re.sub(r"\s+", " ", match.group(1)).replace("附 录", "附录")
            if clause not in found:
                found.append(clause)
                if len(found) >= MAX_CLAUSES:
                    break
    return found


def check_draft_size(size: int) -> None:
    """Refuse an empty or oversized draft; callers with an upload call it before reading the file."""
    limit = settings.GOVSTD_DRAFT_MAX_BYTES
    if size > limit:
        raise FileRejected(f"文件大小 {megabytes(size)} 超过上限 {megabytes(limit)}。")
    if not size:
        raise FileRejected("文件是空的。")


def check_draft(data: bytes, *, name: str) -> CheckedDraft:
    check_draft_size(len(data))
    if data[:5] == b"%PDF-":
        extension, clauses = "pdf", []
    elif data[:4] == b"PK\x03\x04":
        _check_docx(data, name)
        extension, clauses = "docx", clauses_of(data)
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileRejected(f"{name} 是旧版 Word (.doc) 文件，请另存为 .docx 或 PDF 后上传。")
    else:
        raise FileRejected(f"{name} 不是 Word (.docx) 或 PDF 文件。")
    return CheckedDraft(data=data, extension=extension, sha256=hashlib.sha256(data).hexdigest(), clauses=clauses)
