"""Find what a spreadsheet program would run as a formula in a file we wrote (formula injection)."""

import csv
import io
import re
import zipfile

from openpyxl import load_workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_formula_cells(data: bytes) -> list[str]:
    """The cells of a CSV that Excel, WPS or LibreOffice would read as a formula."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def xlsx_formula_cells(data: bytes) -> list[str]:
    """The formula elements of a workbook's sheets, and the text cells that begin like a formula without
    Excel's quote prefix (which shows them as typed and never runs them)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                found += [f"{name}: {m}" for m in re.findall(rb"<(?:\w+:)?f[ >][^<]*", archive.read(name))]
    book = load_workbook(io.BytesIO(data), data_only=False)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            found += [f"{sheet.title}!{c.coordinate}: {c.value!r}" for c in row
                      if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS) and not c.quotePrefix]
    return found
