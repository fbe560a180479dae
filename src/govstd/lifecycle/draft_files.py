"""Check uploaded drafts before they are stored: Word (.docx) or PDF only, size-limited, no
macros, no zip bombs; and read the clause numbers of a Word draft for the comment form.

Files are recognised by their content, not by the name the uploader gave them. A .docx is a zip
of XML: every member is expanded and counted before anything is parsed (``documents.zip_limits``),
and the body is then read as a stream of SAX events, never as a tree, so memory stays small
whatever the draft holds (a 15 MB draft whose body expands to 180 MB grew a worker to 3.6 GB when
python-docx built its tree).
"""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from govstd.documents.table_files import megabytes
from govstd.documents.zip_limits import CHUNK, ZipLimits, checked_zip
from govstd.errors import FileRejected

# A long standard's body is a few megabytes of XML; its pictures are stored as they are. These allow
# ten times that and refuse what only a bomb does: a part expanding past 64 MB, 160 MB in all, or a
# large part that expands more than a hundredfold.
DRAFT_ZIP_LIMITS = ZipLimits(member_bytes=64 * 1024 * 1024, total_bytes=160 * 1024 * 1024, ratio=100)
MAX_CLAUSES = 500
# Only the start of a paragraph can hold its clause number.
PARAGRAPH_HEAD = 80
# "5.2.1 总体要求", "附录 A", "A.1 …": the numbering of GB/T 1.1—2020.
_CLAUSE = re.compile(r"^\s*(\d{1,2}(?:\.\d+){0,5}|[A-Z](?:\.\d+){1,5}|附\s*录\s*[A-Z])(?=\s|$)")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _PARAGRAPH, _TEXT, _TAB, _BREAKS = f"{_W}body", f"{_W}p", f"{_W}t", f"{_W}tab", {f"{_W}br", f"{_W}cr"}


@dataclass(frozen=True)
class CheckedDraft:
    data: bytes
    extension: str
    sha256: str
    clauses: list[str]


def _check_docx(data: bytes, name: str):
    archive = checked_zip(data, name=name, kind="Word (.docx)", limits=DRAFT_ZIP_LIMITS)
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise FileRejected(_("%(name)s is not a Word (.docx) file.") % {"name": name})
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise FileRejected(_("%(name)s contains macros and is not accepted. Save it as a .docx file without macros and "
                             "upload that.") % {"name": name})
    return archive


class _ClauseReader:
    """An lxml parser target: the text that starts each body paragraph, as python-docx's
    ``document.paragraphs`` would give it (tables' paragraphs are not clauses), without a tree."""

    def __init__(self) -> None:
        self.path: list[str] = []
        self.head: list[str] | None = None
        self.length = 0
        self.found: list[str] = []

    def start(self, tag, attrib) -> None:
        self.path.append(tag)
        if tag == _PARAGRAPH and len(self.path) >= 2 and self.path[-2] == _BODY:
            self.head, self.length = [], 0
        elif self.head is not None and (tag == _TAB or tag in _BREAKS):
            self._add("\t" if tag == _TAB else "\n")

    def data(self, text: str) -> None:
        if self.head is not None and self.path and self.path[-1] == _TEXT:
            self._add(text)

    def _add(self, text: str) -> None:
        if self.length < PARAGRAPH_HEAD:
            self.head.append(text[:PARAGRAPH_HEAD - self.length])
            self.length += len(self.head[-1])

    def end(self, tag) -> None:
        self.path.pop()
        if tag == _PARAGRAPH and self.head is not None and (not self.path or self.path[-1] == _BODY):
            match = _CLAUSE.match("".join(self.head))
            self.head = None
            if match and len(self.found) < MAX_CLAUSES:
                clause = re.sub(r"\s+", " ", match.group(1)).replace("附 录", "附录")
                if clause not in self.found:
                    self.found.append(clause)

    def close(self) -> list[str]:
        return self.found


def clauses_of(archive) -> list[str]:
    """List the clause numbers of a Word draft in document order, for the comment form's selector.

    ``archive`` is the package :func:`checked_zip` returned. The body is fed to the parser a
    megabyte at a time; entities are not resolved and nothing is fetched from the network.
    """
    reader = _ClauseReader()
    parser = etree.XMLParser(target=reader, resolve_entities=False, no_network=True, load_dtd=False)
    try:
        with archive.open("word/document.xml") as stream:
            while chunk := stream.read(CHUNK):
                parser.feed(chunk)
        return parser.close()
    except (etree.XMLSyntaxError, ValueError):  # a draft we cannot read still uploads; commenters type the clause
        return []


def check_draft_size(size: int) -> None:
    """Refuse an empty or oversized draft; callers with an upload call it before reading the file."""
    limit = settings.GOVSTD_DRAFT_MAX_BYTES
    if size > limit:
        raise FileRejected(_("The file size %(size)s is over the limit of %(limit)s.") % {
            "size": megabytes(size), "limit": megabytes(limit)})
    if not size:
        raise FileRejected(_("The file is empty."))


def check_draft(data: bytes, *, name: str) -> CheckedDraft:
    """Recognise the draft by its content and refuse what must not be stored; read a Word draft's clauses."""
    check_draft_size(len(data))
    if data[:5] == b"%PDF-":
        extension, clauses = "pdf", []
    elif data[:4] == b"PK\x03\x04":
        extension, clauses = "docx", clauses_of(_check_docx(data, name))
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileRejected(_("%(name)s is an old Word (.doc) file: save it as .docx or PDF and upload that.") % {
            "name": name})
    else:
        raise FileRejected(_("%(name)s is not a Word (.docx) or PDF file.") % {"name": name})
    return CheckedDraft(data=data, extension=extension, sha256=hashlib.sha256(data).hexdigest(), clauses=clauses)
