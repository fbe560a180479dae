"""R-6-IO: the import report (.xlsx) shows each bad value as it was in the file, never as a live formula."""

import io

import pytest

from govstd.catalog.import_report import write_report
from govstd.catalog.services.standard_import import standards_import

from .sheet_checks import xlsx_formula_cells
from .test_import import GOOD, xlsx

pytestmark = pytest.mark.django_db


def test_a_formula_in_the_imported_file_is_text_in_the_report(admin):
    """dengbao §4 数据有效性检验: the report echoes the file's cells back, so it neutralises them as exports do."""
    rows = [row[:] for row in GOOD]
    rows[1][5] = '=HYPERLINK("http://evil.example","点我")'
    rows[2][9] = "\t@SUM(A1:A2)"
    report = standards_import(source=xlsx(rows), file_name="=表1.xlsx", acting_user=admin, skip_invalid=True)
    assert report.problems and report.problems[0].value.startswith("=HYPERLINK")
    buffer = io.BytesIO()
    write_report(report, buffer)
    assert xlsx_formula_cells(buffer.getvalue()) == []
