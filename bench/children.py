"""Work measured in a child process, so wall time and peak memory belong to that work alone."""

import json
import os
import resource
import sys
import time


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def calamine_pass(path: str) -> dict:
    """The import's baseline: python-calamine reading every row of the file, nothing else."""
    from python_calamine import CalamineWorkbook

    start, cpu = time.perf_counter(), time.process_time()
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    rows = sum(1 for _ in sheet.iter_rows())
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "rows": rows,
            "peak_mb": _peak_mb()}


def openpyxl_pass(path: str) -> dict:
    """The former baseline, kept for comparison: openpyxl's read-only pass over every cell of the file."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=False)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    return {"seconds": time.perf_counter() - start, "rows": rows, "peak_mb": _peak_mb()}


def platform_import(path: str) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govstd.settings")
    django.setup()
    from pathlib import Path

    from govstd.accounts.models import User
    from govstd.catalog.services.standard_import import standards_import
    from govstd.documents.bounded import parser_cpu_seconds, parser_peak_bytes

    admin = User.objects.get(username="biaozhunhua")
    start, cpu = time.perf_counter(), time.process_time()
    report = standards_import(source=Path(path), acting_user=admin)
    # The workbook is parsed in a child of its own (documents.bounded), whose memory is not this process's.
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "rows": report.rows,
            "created": report.created, "problems": len(report.problems), "peak_mb": _peak_mb(),
            "parser_peak_mb": parser_peak_bytes() / 2**20, "parser_cpu_seconds": parser_cpu_seconds()}


def bare_writes(path: str) -> dict:
    """The least the import's writes can cost: the file's rows, read with calamine and not checked, written
    as 200,000 standards and their 200,000 audit rows by the thinnest path there is (``bulk.insert_rows``:
    one executemany, COPY on PostgreSQL) with the indexes rebuilt once after, then rolled back. Only the
    writing is timed; with the sheet's load before it, it bounds the import from below."""
    _setup()
    import itertools

    from django.db import transaction
    from django.utils import timezone
    from python_calamine import CalamineWorkbook

    from govstd.accounts.audit import audit_records_bulk
    from govstd.accounts.models import AuditEntry, User
    from govstd.bulk import indexes_deferred, insert_rows, reserve_ids
    from govstd.catalog.models import Standard, SystemNode
    from govstd.catalog.services.standard_import import CREATE_FIELDS

    admin = User.objects.get(username="biaozhunhua")
    category = SystemNode.objects.filter(kind=SystemNode.Kind.CATEGORY).values_list("pk", flat=True).first()
    cells = CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows()
    header = next(itertools.dropwhile(lambda row: "标准编号" not in row, cells))
    number_at, title_at = header.index("标准编号"), header.index("标准名称")
    texts = [(str(row[number_at]), str(row[title_at])) for row in cells]
    now = timezone.now()

    class RolledBack(Exception):
        pass

    start = cpu = 0.0
    try:
        with transaction.atomic():
            start, cpu = time.perf_counter(), time.process_time()
            ids = reserve_ids(Standard, len(texts))
            with indexes_deferred(Standard, AuditEntry, rows=len(texts)):
                insert_rows(Standard, CREATE_FIELDS, (
                    (pk, pk, f"B{pk}", admin.pk, now, now, None, f"{number} {title}".lower(), category, number, title,
                     "", "national", "current", 2020, None, None, "", "", "", "", "", number)
                    for pk, (number, title) in zip(ids, texts, strict=True)))
                audit_records_bulk(actor=admin, model=Standard, at=now, entries=(
                    (AuditEntry.Action.CREATE, pk, f"{number} {title}", None, f"导入 bench 第 {pk} 行")
                    for pk, (number, title) in zip(ids, texts, strict=True)))
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            raise RolledBack
    except RolledBack:
        pass
    return {"seconds": seconds, "cpu_seconds": cpu, "rows": len(texts), "peak_mb": _peak_mb()}


def comment_table_docx(project_id: str) -> dict:
    """Table D.1 as Word for a project with thousands of comments, from the database to the bytes."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govstd.settings")
    django.setup()
    from govstd.lifecycle.exports.comment_table import comment_table_docx
    from govstd.lifecycle.models import Project
    from govstd.lifecycle.selectors.comments import comment_summary

    project = Project.objects.select_related("lead_unit", "proposal").get(pk=int(project_id))
    start = time.perf_counter()
    data = comment_table_docx(summary=comment_summary(project=project))
    return {"seconds": time.perf_counter() - start, "bytes": len(data), "peak_mb": _peak_mb()}


def bare_docx_table(rows: str) -> dict:
    """The baseline: python-docx alone writing a plain table of the same size, no fonts or layout."""
    import io

    from docx import Document

    start = time.perf_counter()
    document = Document()
    table = document.add_table(rows=0, cols=6)
    for n in range(int(rows)):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(n), "5.1", "建议修改" * 20, "某单位", "采纳", ""), strict=True):
            cell.text = text
    document.save(io.BytesIO())
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def _setup():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govstd.settings")
    django.setup()


def table1_export(fmt: str) -> dict:
    """Table 1 of the whole catalog exported as a background job runs it: through table_export,
    with a progress callback, from the database to the file's bytes."""
    _setup()
    from govstd.accounts.models import User
    from govstd.catalog.exports.formats import table_export

    admin = User.objects.get(username="biaozhunhua")
    reports = []
    start = time.perf_counter()
    export = table_export(table="detail", fmt=fmt, acting_user=admin,
                          progress=lambda done, total: reports.append((done, total)))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "bytes": len(export.content), "rows": reports[-1][0], "reports": len(reports),
            "peak_mb": _peak_mb()}


def _raw_table1_rows():
    """Table 1's rows straight from SQL, in Table 1's order, with no ORM and no formatting."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT parent.name, category.name, s.system_code, s.number, s.title, s.level, s.status, "
            "s.implementation_date, s.responsible_unit, s.notes FROM catalog_standard s "
            "JOIN catalog_systemnode category ON category.id = s.category_id "
            "JOIN catalog_systemnode parent ON parent.id = category.parent_id ORDER BY s.system_code, s.id")
        seq = 0
        while batch := cursor.fetchmany(2000):
            for row in batch:
                seq += 1
                yield [str(seq), *(("" if v is None else str(v)) for v in row)]


def bare_xlsx_dump(_: str) -> dict:
    """The baseline: the same rows read with plain SQL and dumped by openpyxl's write-only mode,
    with no styles, title, widths or filter."""
    _setup()
    import io

    from openpyxl import Workbook

    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("标准明细表")
    rows = 0
    for row in _raw_table1_rows():
        sheet.append(row)
        rows += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return {"seconds": time.perf_counter() - start, "rows": rows, "bytes": len(buffer.getvalue()),
            "peak_mb": _peak_mb()}


def bare_pdf_part(_: str) -> dict:
    """The baseline: WeasyPrint alone laying out and writing one part of Table 1 (the first
    GOVSTD_PDF_CHUNK_ROWS rows, same template) — the least a PDF in parts can cost per part."""
    _setup()
    import itertools

    from govstd.catalog.exports import pdf
    from govstd.catalog.exports.tables import detail_rows

    rows = list(itertools.islice(detail_rows(), pdf.chunk_rows()))
    start = time.perf_counter()
    document = pdf._render({"title": "表1 标准明细表", "detail_rows": rows})
    data = document.write_pdf()
    return {"seconds": time.perf_counter() - start, "rows": len(rows), "pages": len(document.pages),
            "bytes": len(data), "peak_mb": _peak_mb()}


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]](sys.argv[2])))
