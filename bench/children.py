"""Work measured in a child process, so wall time and peak memory belong to that work alone."""

import json
import os
import resource
import sys
import time


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def openpyxl_pass(path: str) -> dict:
    """The baseline: openpyxl's read-only pass over every cell of the file."""
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


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]](sys.argv[2])))
