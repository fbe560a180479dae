"""Packages built to exhaust a parser: the audit's padded draft, members that lie about their size,
a tiny workbook that claims a huge sheet."""

import io
import os
import struct
import zipfile
from pathlib import Path

from docx import Document

MB = 1024 * 1024
_PARAGRAPH = b'<w:p><w:r><w:t xml:space="preserve">5.1 \xe8\xae\xbe\xe6\x96\xbd\xe8\xae\xbe\xe5\xa4\x87\xe5\xba\x94\xe5\xae\x9a\xe6\x9c\x9f\xe5\xb7\xa1\xe6\xa3\x80\xe3\x80\x82</w:t></w:r></w:p>'


def small_docx() -> bytes:
    document = Document()
    document.add_paragraph("1 范围")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def padded_draft(path: Path, *, body_mb: int = 180, padding_mb: int = 14) -> Path:
    """The audit's draft: a real .docx whose ``word/document.xml`` expands to ``body_mb`` MB of
    paragraphs (about 1 MB packed), padded with a stored random member so that the whole file
    (about 15 MB, 194 MB expanded) has the overall ratio of 13 that passed the old bomb check."""
    template = zipfile.ZipFile(io.BytesIO(small_docx()))
    document = template.read("word/document.xml")
    head, tail = document.split(b"<w:body>", 1)
    head += b"<w:body>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member in template.infolist():
            if member.filename != "word/document.xml":
                archive.writestr(member, template.read(member))
        with archive.open("word/document.xml", "w", force_zip64=True) as body:
            body.write(head)
            block = _PARAGRAPH * (MB // len(_PARAGRAPH))
            for _ in range(body_mb):
                body.write(block)
            body.write(tail)
        archive.writestr(zipfile.ZipInfo("word/media/padding.bin"), os.urandom(padding_mb * MB),
                         compress_type=zipfile.ZIP_STORED)
    return path


def declaring(data: bytes, member: str, size: int) -> bytes:
    """Rewrite ``member``'s declared size (local header and central directory), leaving its data as it is."""
    patched = bytearray(data)
    start = 0
    while (start := patched.find(b"PK", start)) >= 0:
        kind = bytes(patched[start + 2:start + 4])
        if kind == b"\x03\x04":
            name_at, name_len, size_at = 30, struct.unpack_from("<H", patched, start + 26)[0], 22
        elif kind == b"\x01\x02":
            name_at, name_len, size_at = 46, struct.unpack_from("<H", patched, start + 28)[0], 24
        else:
            start += 2
            continue
        if bytes(patched[start + name_at:start + name_at + name_len]) == member.encode():
            struct.pack_into("<I", patched, start + size_at, size)
        start += 4
    return bytes(patched)


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def workbook_naming(rows: list[list], far_cell: str, *, dimension: str | None = None) -> bytes:
    """A small workbook of ``rows`` with one more cell at ``far_cell`` (e.g. XFD1048576, or Z2000000
    past Excel's own limit): calamine allocates the grid up to it. ``dimension`` replaces the sheet's
    declared range (none is declared otherwise)."""
    import re

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    marker_row = len(rows) + 2
    sheet[f"A{marker_row}"] = "远"
    buffer = io.BytesIO()
    book.save(buffer)
    far_row = re.sub(r"^[A-Z]+", "", far_cell)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(f'<row r="{marker_row}"'.encode(), f'<row r="{far_row}"'.encode())
                data = data.replace(f'r="A{marker_row}"'.encode(), f'r="{far_cell}"'.encode())
                data = re.sub(rb'<dimension ref="[^"]*"/>',
                              f'<dimension ref="{dimension}"/>'.encode() if dimension else b"", data)
            target.writestr(member, data)
    return out.getvalue()
