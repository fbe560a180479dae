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

    start = time.perf_counter()
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    rows = sum(1 for _ in sheet.iter_rows())
    return {"seconds": time.perf_counter() - start, "rows": rows, "peak_mb": _peak_mb()}


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

    admin = User.objects.get(username="biaozhunhua")
    start = time.perf_counter()
    report = standards_import(source=Path(path), acting_user=admin)
    return {"seconds": time.perf_counter() - start, "rows": report.rows, "created": report.created,
            "problems": len(report.problems), "peak_mb": _peak_mb()}


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


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]](sys.argv[2])))
