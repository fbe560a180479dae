"""PDF through WeasyPrint from one HTML template; CJK glyphs come from the system's fonts.

WeasyPrint keeps every laid-out page in memory until it writes the file, and lays out about
80 rows of Table 1 a second. A Table 1 of a few thousand rows is therefore rendered as one
document, as it always was; a longer one is rendered in parts of ``GOVSTD_PDF_CHUNK_ROWS`` rows
whose pages are joined with pikepdf (qpdf), so memory stays at one part's worth whatever the
table's length. A part ends on its last full page: the rows of its last page start the next
part, so every page but the document's last is full and the table header opens each page.
The footer "第 n 页 共 N 页" needs N, known only at the end; it is drawn by WeasyPrint from the
same ``@page`` rule on blank pages and laid over the joined pages (R-6-IO, R-6.4-1).
"""

import hashlib
import itertools
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from govstd.documents.drawing import to_svg as drawing_svg
from govstd.documents.layout import fit_widths, unbroken_numbers
from govstd.documents.word import LANDSCAPE_MARGINS, text_width
from govstd.lifecycle.process_figure import PROCESS_CAPTION, process_drawing

from ..explanation_text import Section, explanation_sections
from ..structure_diagram import figures, to_svg
from .tables import (
    DETAIL_COLUMNS,
    DETAIL_HEADER,
    DETAIL_SIZE,
    LEVEL_LABELS,
    Progress,
    detail_count,
    detail_rows,
    detail_width_sample,
    statistics_cells,
    statistics_lines,
)

TEMPLATE = "catalog/pdf/document.html"
PDF_PADDING_CM = 0.17  # 2 × 2 pt of cell padding, plus the rules
FOOTER_PAGES_PER_PART = 1000


def chunk_rows() -> int:
    """Rows of Table 1 per WeasyPrint part: about 0.2 MB of memory each while the part is laid out."""
    return max(20, settings.GOVSTD_PDF_CHUNK_ROWS)


def detail_layout(rows: list[list]) -> list[dict]:
    """Table 1's columns for the template: width (cm) fitted to the page from ``rows`` (see
    ``detail_width_sample``), and whether a cell may wrap (never inside a standard number, a
    code, a label or a date)."""
    widths = fit_widths(DETAIL_COLUMNS, rows, total_cm=text_width(landscape=True) - 0.1, size=DETAIL_SIZE,
                        padding_cm=PDF_PADDING_CM)
    return [{"width": f"{width:.2f}", "nowrap": column.nowrap, "align": column.align}
            for column, width in zip(DETAIL_COLUMNS, widths, strict=True)]


def _html(context: dict) -> str:
    return render_to_string(TEMPLATE, {
        "detail_header": DETAIL_HEADER, "level_headers": list(LEVEL_LABELS.values()),
        "detail_columns": detail_layout([]), "detail_rows": None, "detail_heading": True, "footer": True,
        "margins": LANDSCAPE_MARGINS, "detail_size": DETAIL_SIZE, **context,
    })


def _render(context: dict):
    """Lay out the HTML; it needs no file or address outside itself, so WeasyPrint may fetch none."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=_html(context), url_fetcher=URLFetcher(allowed_protocols=("data",))).render()


@dataclass
class _Parts:
    """PDF files written one after another into a temporary folder, and their page counts."""

    folder: Path
    files: list[tuple[Path, int]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(n for _, n in self.files)

    def add(self, document) -> None:
        path = self.folder / f"part{len(self.files):05d}.pdf"
        document.write_pdf(path)
        self.files.append((path, len(document.pages)))


def _table_parts(parts: _Parts, rows: Iterator[list], context: dict, *, size: int,
                 progress: Progress | None, total: int | None) -> None:
    """Lay out Table 1 ``size`` rows at a time, carrying the rows of each part's last page over."""
    pending: list[list] = []
    done = 0
    first = True
    while True:
        pending += itertools.islice(rows, size - len(pending))
        if not pending:
            break
        more = next(rows, None)
        document = _render({**context, "detail_rows": pending, "detail_heading": first, "row_anchors": True})
        kept = len(pending)
        if more is not None and len(document.pages) > 1:
            carried = [int(anchor[1:]) for anchor in document.pages[-1].anchors if anchor.startswith("r")]
            if carried and min(carried) > 0:
                kept = min(carried)
                document = document.copy(document.pages[:-1])
        for page in document.pages:
            page.anchors.clear()  # the row ids found the page breaks; the PDF needs no named destinations
        parts.add(document)
        del document
        done += kept
        pending = pending[kept:] + ([more] if more is not None else [])
        first = False
        if progress:
            progress(done, total)


def _footers(parts: _Parts, context: dict) -> list[Path]:
    """The footer of every page on otherwise blank pages, in parts, with the total page count known."""
    total = parts.pages
    files = []
    for start in range(0, total, FOOTER_PAGES_PER_PART):
        count = min(FOOTER_PAGES_PER_PART, total - start)
        path = parts.folder / f"footer{start:07d}.pdf"
        _render({"title": context.get("title", ""), "blank_pages": range(count), "page_offset": start,
                 "footer_total": total}).write_pdf(path)
        files.append(path)
    return files


def _copy_outline(source, offset: int, into) -> None:
    """Carry each part's bookmarks (WeasyPrint makes them from the headings) over to the joined file."""
    from pikepdf import OutlineItem

    index = {page.obj.objgen: n for n, page in enumerate(source.pages)}

    def copy(items, into) -> None:
        for item in items:
            destination = item.destination
            page = destination[0] if destination is not None and len(destination) else None
            number = index.get(page.objgen) if page is not None else None
            new = OutlineItem(item.title, offset + number if number is not None else offset)
            copy(item.children, new.children)
            into.append(new)

    with source.open_outline() as outline:
        copy(outline.root, into)


def _font_dictionaries(page) -> Iterator:
    resources = page.obj.get("/Resources", {})
    yield from resources.get("/Font", {}).values()
    for xobject in resources.get("/XObject", {}).values():  # the footers laid over the page
        yield from xobject.get("/Resources", {}).get("/Font", {}).values()


def _share_fonts(pdf) -> None:
    """Embed each distinct font subset once, and give distinct subsets distinct names.

    Every part embeds the subsets of the glyphs it used. The header's and the footer's are the
    same in every part, so one copy of each is kept; the body's differ from part to part, and
    WeasyPrint names a subset after its font alone, so each is renamed after its own glyphs.
    """
    from pikepdf import Name

    programs: dict[str, object] = {}
    seen: set = set()
    for page in pdf.pages:
        for font in _font_dictionaries(page):
            if font.objgen in seen or "/DescendantFonts" not in font:
                continue
            seen.add(font.objgen)
            descriptor = font.DescendantFonts[0].FontDescriptor
            key = next((k for k in ("/FontFile3", "/FontFile2", "/FontFile") if k in descriptor), None)
            if key is None:
                continue
            digest = hashlib.sha256(descriptor[key].read_raw_bytes()).hexdigest()
            descriptor[key] = programs.setdefault(digest, descriptor[key])
            tag = "".join(chr(ord("A") + int(c, 16)) for c in digest[:6])
            name = str(font.BaseFont).lstrip("/").partition("+")[2] or str(font.BaseFont).lstrip("/")
            new_name = Name(f"/{tag}+{name}")
            font.BaseFont = font.DescendantFonts[0].BaseFont = descriptor.FontName = new_name


def _join(parts: _Parts, footers: list[Path]) -> bytes:
    """Join the parts, lay the footers over their pages and write the file once.

    The streams WeasyPrint compressed are copied as they are (no decoding and compressing again)
    and the file is written to disk before it is read back, so the joined document is held once.
    """
    import pikepdf

    joined = pikepdf.new()
    sources = []
    with joined.open_outline() as outline:
        for path, _ in parts.files:
            source = pikepdf.open(path)
            sources.append(source)
            offset = len(joined.pages)
            joined.pages.extend(source.pages)
            _copy_outline(source, offset, outline.root)
    first = sources[0]
    for key in ("/Title", "/Creator", "/Producer"):
        if key in first.docinfo:
            joined.docinfo[key] = first.docinfo[key]
    if "/Lang" in first.Root:
        joined.Root.Lang = first.Root.Lang
    page = 0
    for path in footers:
        footer = pikepdf.open(path)
        sources.append(footer)
        for footer_page in footer.pages:
            joined.pages[page].add_overlay(footer_page)
            page += 1
    _share_fonts(joined)
    output = parts.folder / "joined.pdf"
    joined.save(output, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                object_stream_mode=pikepdf.ObjectStreamMode.generate)
    joined.close()
    for source in sources:
        source.close()
    return output.read_bytes()


def _pdf(*, before: dict | None, rows: Iterable[list] | None, after: dict | None, context: dict,
         total: int | None, progress: Progress | None, filters: dict | None = None) -> bytes:
    """One document from an optional part before Table 1, Table 1 itself and an optional part after it.

    Up to one part's worth of rows it is one WeasyPrint document, exactly as it always was.
    """
    size = chunk_rows()
    rows = iter(rows) if rows is not None else None
    head = list(itertools.islice(rows, size + 1)) if rows is not None else None
    if head:
        context = {**context, "detail_columns": detail_layout(detail_width_sample(**(filters or {})))}
    if head is None or len(head) <= size:
        data = _render({**context, **(before or {}), **(after or {}),
                        "detail_rows": head}).write_pdf()
        if progress and head:
            progress(len(head), total)
        return data
    with tempfile.TemporaryDirectory(prefix="govstd-pdf-") as folder:
        parts = _Parts(Path(folder))
        context = {**context, "footer": False}  # the footers are laid over the joined pages
        if before:
            parts.add(_render({**context, **before}))
        _table_parts(parts, itertools.chain(head, rows), context, size=size, progress=progress, total=total)
        if after:
            parts.add(_render({**context, **after}))
        return _join(parts, _footers(parts, context))


def detail_pdf(*, progress: Progress | None = None, **filters) -> bytes:
    """Table 1 (R-6.4-1) with the filters of the page it was exported from."""
    total = detail_count(**filters) if progress else None
    return _pdf(before=None, rows=detail_rows(**filters), after=None, context={"title": "表1 标准明细表"},
                total=total, progress=progress, filters=filters)


def _statistics(*, include_retired: bool = False) -> list[dict]:
    """Table 2's lines for the template, each with its label cells as Word and Excel show them."""
    return [{"line": line, "cells": statistics_cells(line)}
            for line in statistics_lines(include_retired=include_retired)]


def statistics_pdf(*, progress: Progress | None = None, include_retired: bool = False) -> bytes:
    return _pdf(before=None, rows=None, after={"statistics_lines": _statistics(include_retired=include_retired)},
                context={"title": "表2 标准统计表"}, total=None, progress=progress)


def system_pdf(*, title: str, progress: Progress | None = None, include_retired: bool = False) -> bytes:
    """The standard system table (R-6.2-1): diagrams, Table 1, Table 2 and the explanation, which ends
    with Figure 6, the process the standards of the system are developed by (clause 7)."""
    process = process_drawing()
    return _pdf(
        before={"show_title": True, "figures": [(caption, to_svg(diagram)) for caption, diagram in figures()]},
        rows=detail_rows(include_retired=include_retired),
        after={"system_heading": True, "statistics_lines": _statistics(include_retired=include_retired),
               "sections": [Section(s.heading, [unbroken_numbers(p) for p in s.paragraphs])
                            for s in explanation_sections()],
               "process_figure": drawing_svg(process), "process_caption": PROCESS_CAPTION},
        context={"title": title, "system_heading": True},
        total=detail_count(include_retired=include_retired) if progress else None,
        progress=progress, filters={"include_retired": include_retired})
