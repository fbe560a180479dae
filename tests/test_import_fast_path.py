"""R-6-IO: the fast .xlsx path (python-calamine) reads what openpyxl read, refuses what it must, and the
import writes through the shared helpers (audit rows, item numbers, ids) with the same outcome."""

import datetime as dt
import io
import re
import struct
import zipfile
import zlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from openpyxl import Workbook

from govstd.accounts.audit import audit_record, audit_records_bulk, remote_addr_var
from govstd.accounts.models import AuditEntry
from govstd.bulk import indexes_deferred, insert_rows, reserve_ids
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.services import standard_import
from govstd.catalog.services.standard_import import standards_import
from govstd.catalog.system_codes import system_codes_reserve
from govstd.catalog.table_columns import DETAIL_TABLE_SPEC
from govstd.documents import table_files
from govstd.documents.table_files import open_table
from govstd.errors import FileRejected

from .test_import import GOOD, HEADER, xlsx

pytestmark = pytest.mark.django_db

NUMBER_FORMATS = ['yyyy"年"m"月"d"日"', "yyyy/m/d", "[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"", "h:mm", "0.00", "0%",
                  "@", "General", "[h]:mm:ss", "yyyy-mm-dd hh:mm", "#,##0", "0.00E+00"]


def _rows(table) -> list:
    return [(n, values) for n, values in table.rows]


def _varied_workbook() -> bytes:
    """Leading empty rows and columns, a title row, numbers, dates and times in many formats."""
    book = Workbook()
    sheet = book.active
    sheet.title = "标准明细表"
    sheet["C3"] = "表1 标准明细表"
    for offset, text in enumerate(HEADER):
        sheet.cell(row=5, column=3 + offset, value=text)
    values = [45321.0, 45321.5, 0.25, 12, -0.0, 2958465, 0.1 + 0.2, True, "  带空格  ", dt.datetime(2024, 1, 31, 12, 30),
              dt.date(2024, 2, 1)]
    for row, number_format in enumerate(NUMBER_FORMATS, start=6):
        for offset, value in enumerate(values):
            cell = sheet.cell(row=row, column=3 + offset, value=value)
            cell.number_format = number_format
    for offset, value in enumerate([1e20, 12345678901234567, 1e-7, -3, "=不是公式的文字"]):
        sheet.cell(row=29, column=3 + offset, value=value).data_type = "s" if isinstance(value, str) else "n"
    sheet.cell(row=30, column=5, value="最后一行")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_calamine_reads_every_cell_as_openpyxl_did():
    """Dates, times, integers without ".0", booleans, text and spreadsheet row numbers come out the same."""
    data = _varied_workbook()
    fast = open_table(data, spec=DETAIL_TABLE_SPEC, name="t.xlsx")
    slow = table_files._open_xlsx_openpyxl(data, "t.xlsx", DETAIL_TABLE_SPEC)
    assert not table_files._has_formulas_or_errors(table_files._checked_archive(data, "t.xlsx"))
    fast_rows, slow_rows = _rows(fast), _rows(slow)
    normalise = [(n, [None if v == "" else v for v in values]) for n, values in fast_rows]
    slow_rows = [(n, list(values[2:])) for n, values in slow_rows]  # openpyxl keeps the empty columns A:B
    assert [n for n, _ in normalise] == [n for n, _ in slow_rows]
    for (n, got), (_, expected) in zip(normalise, slow_rows, strict=True):
        assert got == expected[:len(got)] and not any(expected[len(got):]), n
    assert fast.columns == {k - 2: v for k, v in slow.columns.items()}
    assert fast_rows[0][0] == 6 and fast_rows[-1][0] == 30  # row numbers as the spreadsheet shows them
    assert fast_rows[0][1][:4] == [dt.date(2024, 1, 30), dt.date(2024, 1, 30), dt.time(6, 0), dt.date(1900, 1, 12)]
    general = dict(fast_rows)[6 + NUMBER_FORMATS.index("General")]
    assert general[:4] == ["45321", "45321.5", "0.25", "12"] and general[7:9] == ["True", "  带空格  "]
    assert dict(fast_rows)[29][:5] == ["100000000000000000000", "12345678901234570", "1e-07", "-3", "=不是公式的文字"]
    assert fast.total_rows == 25


def test_a_duration_beyond_range_is_read_as_openpyxl_reads_it():
    """calamine stops on a duration past Python's limit; openpyxl reads the rest, the cell as #VALUE!."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for n in range(1, 6):
        sheet.append([n, "基础通用标准体系", "标准化工作标准", "", f"GB/T {1000 + n}—2018", f"标准{n}", "国家标准", "现行"])
    sheet["K4"] = 1e20
    sheet["K4"].number_format = "[h]:mm:ss"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.warns(UserWarning, match="outside the limits"):
        rows = _rows(open_table(buffer.getvalue(), spec=DETAIL_TABLE_SPEC, name="t.xlsx"))
    assert [n for n, _ in rows] == [2, 3, 4, 5, 6]
    assert rows[2][1][10] == "#VALUE!" and rows[4][1][5] == "标准5"


def _with_cached_formula(data: bytes, cell: str, formula: str, cached: str) -> bytes:
    """Rewrite a cell as Excel saves a formula: the formula and its last computed value."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rf'<c r="{cell}"[^>]*>.*?</c>'.encode(),
                                 f'<c r="{cell}" t="str"><f>{formula}</f><v>{cached}</v></c>'.encode(), content)
            target.writestr(item, content)
    return out.getvalue()


def test_a_formula_saved_with_its_value_is_still_reported(admin):
    """calamine would hand back the cached “点我”; the scan sends the file to openpyxl, which shows the formula."""
    data = _with_cached_formula(xlsx(GOOD), "F3", 'HYPERLINK("http://evil.example","点我")', "点我")
    report = standards_import(source=data, file_name="表1.xlsx", acting_user=admin)
    assert not report.written and Standard.objects.count() == 0
    assert (report.problems[0].row, report.problems[0].column) == (3, "标准名称")
    assert "公式" in report.problems[0].reason


def test_an_error_cell_reads_as_its_text_as_before():
    """calamine would read #N/A as an empty cell; openpyxl shows it, so the row is reported, not imported blank."""
    rows = [row[:] for row in GOOD]
    rows[0][10] = "#N/A"
    data = xlsx(rows)
    assert table_files._has_formulas_or_errors(table_files._checked_archive(data, "t.xlsx"))
    table = open_table(data, spec=DETAIL_TABLE_SPEC, name="t.xlsx")
    assert _rows(table)[0][1][10] == "#N/A"


def test_progress_moves_forward_through_checking_and_writing(admin, monkeypatch):
    """The callback sees rows checked and each batch written, never goes back, and ends at its total.

    Rows are written while later ones are still checked (issue 7 item 7), so the two kinds of progress
    interleave: two rows checked, that batch written, two more checked, and so on."""
    monkeypatch.setattr(standard_import, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(standard_import, "WRITE_BATCH", 2)
    rows = [[n, "基础通用标准体系", "标准化工作标准", "", f"GB/T {1000 + n}—2018", f"标准{n}", "国家标准", "现行", "", "", ""]
            for n in range(1, 8)]
    calls: list[tuple[int, int | None]] = []
    report = standards_import(source=xlsx(rows), file_name="t.xlsx", acting_user=admin,
                              progress=lambda done, total: calls.append((done, total)))
    assert report.created == 7
    assert calls[0] == (2, 14)  # two units a row: checked, then written
    assert calls[-1] == (14, 14)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert [done for done, _ in calls] == [2, 4, 6, 8, 10, 12, 14, 14]  # checked 2, wrote 2, checked 4, …
    calls.clear()
    again = standards_import(source=xlsx(rows), file_name="t.xlsx", acting_user=admin,
                             progress=lambda done, total: calls.append((done, total)))
    assert again.unchanged == 7 and calls[-1] == (7, 7)  # nothing to write: the bar still ends full


def _numbered_rows(count: int) -> list[list]:
    return [[n, "基础通用标准体系", "标准化工作标准", "", f"GB/T {1000 + n}—2018", f"标准{n}", "国家标准", "现行", "", "", ""]
            for n in range(1, count + 1)]


def test_a_bad_row_after_rows_were_written_rolls_all_of_them_back(admin, monkeypatch):
    """R-6-IO, issue 7 item 7: rows are written while later ones are checked; a bad row near the end still
    leaves nothing written (no standard, no item number, no audit row but the refused import's), and every
    bad row of the file is reported, those after the first one included."""
    monkeypatch.setattr(standard_import, "WRITE_BATCH", 2)
    rows = _numbered_rows(9)
    rows[5][4] = "GB/T 不是编号"
    rows[8][6] = "某某级"
    node = SystemNode.objects.get(name="标准化工作标准")
    before = (Standard.objects.count(), AuditEntry.objects.count(), node.last_item_no)
    report = standards_import(source=xlsx(rows), file_name="t.xlsx", acting_user=admin)
    assert not report.written and report.created == 0
    assert sorted({p.row for p in report.problems}) == [7, 10]  # rows 6 and 9 of the data, below the header
    node.refresh_from_db()
    assert (Standard.objects.count(), AuditEntry.objects.count() - 1, node.last_item_no) == before
    assert AuditEntry.objects.latest("id").action == AuditEntry.Action.IMPORT


def test_a_refused_change_in_a_later_batch_rolls_back_the_earlier_ones(admin, monkeypatch):
    """R-6-IO: a row changing what an edit may not change (to 废止) is refused even after other rows were
    written, and nothing of the file stays; with skip_invalid the other rows are written."""
    monkeypatch.setattr(standard_import, "WRITE_BATCH", 2)
    standards_import(source=xlsx(_numbered_rows(1)), file_name="t.xlsx", acting_user=admin)
    rows = _numbered_rows(7)
    rows = [*rows[1:], [*rows[0][:7], "废止", *rows[0][8:]]]  # the stored one comes last, withdrawn
    report = standards_import(source=xlsx(rows), file_name="t.xlsx", acting_user=admin)
    assert not report.written and [p.row for p in report.problems] == [8]
    assert Standard.objects.count() == 1
    kept = standards_import(source=xlsx(rows), file_name="t.xlsx", acting_user=admin, skip_invalid=True)
    assert kept.written and kept.created == 6 and [p.row for p in kept.problems] == [8]
    assert Standard.objects.count() == 7


def test_bulk_audit_rows_hold_what_audit_record_writes(admin):
    """One helper names the actor and the address for single changes and for imports."""
    standards_import(source=xlsx(GOOD[:1]), file_name="t.xlsx", acting_user=admin)
    standard = Standard.objects.get()
    token = remote_addr_var.set("10.1.2.3")
    try:
        single = audit_record(actor=admin, action=AuditEntry.Action.UPDATE, instance=standard,
                              changes={"notes": ["", "x"]}, message="m")
        audit_records_bulk(actor=admin, model=Standard,
                           entries=[(AuditEntry.Action.UPDATE, standard.pk, str(standard), {"notes": ["", "x"]}, "m")])
    finally:
        remote_addr_var.reset(token)
    fields = ("actor_id", "actor_name", "action", "success", "content_type_id", "object_id", "object_repr", "changes",
              "message", "remote_addr")
    rows = list(AuditEntry.objects.filter(message="m").order_by("id").values_list(*fields))
    assert rows[0] == rows[1] and rows[0][0] == admin.pk and single.remote_addr == "10.1.2.3"


def test_import_audits_each_new_standard_and_the_import(admin):
    report = standards_import(source=xlsx(GOOD), file_name="t.xlsx", acting_user=admin)
    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE,
                                        content_type=ContentType.objects.get_for_model(Standard)).order_by("id")
    assert report.created == created.count() == 3
    first = Standard.objects.get(number="GB/T 13016—2018")
    entry = created.get(object_id=str(first.pk))
    assert (entry.actor, entry.actor_name, entry.object_repr) == (admin, admin.get_username(), str(first))
    assert entry.message == "导入 t.xlsx 第 2 行" and entry.changes == {}
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, success=True).count() == 1


def test_single_creates_and_imports_share_the_item_numbers(admin):
    """system_codes_reserve numbers both; a number once given is not given again."""
    category = SystemNode.objects.get(kind=SystemNode.Kind.CATEGORY, name="标准化工作标准")
    assert system_codes_reserve(category=category)[0][0] == 1
    standards_import(source=xlsx(GOOD[:1]), file_name="t.xlsx", acting_user=admin)
    assert Standard.objects.get().item_no == 2
    codes = system_codes_reserve(category=category, count=3)
    assert codes == [(3, f"{category.path_code}-003"), (4, f"{category.path_code}-004"),
                     (5, f"{category.path_code}-005")]


def test_reserved_ids_are_the_ids_rows_get_and_are_not_given_again(admin):
    standards_import(source=xlsx(GOOD[:1]), file_name="t.xlsx", acting_user=admin)
    with transaction.atomic():
        ids = list(reserve_ids(Standard, 3))
    assert len(set(ids)) == 3 and min(ids) > Standard.objects.get().pk
    report = standards_import(source=xlsx(GOOD[1:]), file_name="t.xlsx", acting_user=admin)
    assert report.created == 2
    assert min(Standard.objects.exclude(number="GB/T 13016—2018").values_list("id", flat=True)) > max(ids)


def _index_definitions(model) -> list[tuple[str, str]]:
    from govstd.bulk import _secondary_indexes

    return _secondary_indexes(model)


def test_a_large_load_rebuilds_the_same_indexes(admin):
    """The indexes dropped for a load come back with their exact definitions."""
    before = _index_definitions(Standard)
    assert len(before) >= 5
    with transaction.atomic(), indexes_deferred(Standard, rows=5, min_rows=1):
        assert _index_definitions(Standard) == []
    assert _index_definitions(Standard) == before


def test_on_postgresql_a_large_load_checks_foreign_keys_once_at_the_end(admin):
    """The keys dropped for a load come back as they were, and a row pointing nowhere fails the load."""
    from django.db import connection

    from govstd.bulk import _foreign_keys

    if connection.vendor != "postgresql":
        assert _foreign_keys(Standard) == []  # SQLite checks each row as it is written
        return
    before = _foreign_keys(Standard)
    assert {definition.split("REFERENCES ")[1].split("(")[0] for _, _, definition in before} >= {
        "catalog_systemnode", "accounts_user"}
    standards_import(source=xlsx(GOOD[:1]), file_name="t.xlsx", acting_user=admin)
    fields = [f.attname for f in Standard._meta.concrete_fields if not f.primary_key and not f.generated]
    row = {**Standard.objects.values(*fields).get(), "number": "GB/T 99999—2020", "number_key": "GB/T 99999—2020",
           "item_no": 998, "system_code": "101-998", "category_id": 10**9}  # a category that does not exist
    with pytest.raises(IntegrityError) as error, transaction.atomic(), indexes_deferred(Standard, rows=1, min_rows=1):
        assert _foreign_keys(Standard) == []
        insert_rows(Standard, fields, [[row[f] for f in fields]])
    assert "category" in str(error.value)
    assert Standard.objects.count() == 1 and _foreign_keys(Standard) == before


def test_a_duplicate_written_without_indexes_fails_when_they_are_rebuilt(admin):
    """Uniqueness still holds: the rebuilt unique index refuses the load and everything rolls back."""
    standards_import(source=xlsx(GOOD[:1]), file_name="t.xlsx", acting_user=admin)
    fields = [f.name for f in Standard._meta.concrete_fields if not f.primary_key and not f.generated]
    row = {**Standard.objects.values(*fields).get(), "item_no": 999, "system_code": "101-999"}  # same number
    before = _index_definitions(Standard)
    with pytest.raises(IntegrityError) as error, transaction.atomic(), indexes_deferred(Standard, rows=1, min_rows=1):
        assert _index_definitions(Standard) == []
        insert_rows(Standard, fields, [[row[f] for f in fields]])
    assert "number" in str(error.value)
    assert Standard.objects.count() == 1 and _index_definitions(Standard) == before


def test_an_import_that_replaces_the_indexes_imports_as_usual(admin, monkeypatch):
    """The index-rebuilding path (first imports of 10,000+ rows) writes the same rows and numbers."""
    original = standard_import.indexes_deferred

    def always(*models, rows):
        return original(*models, rows=rows, min_rows=1)

    monkeypatch.setattr(standard_import, "indexes_deferred", always)
    before = _index_definitions(Standard)
    report = standards_import(source=xlsx(GOOD), file_name="t.xlsx", acting_user=admin)
    assert report.created == 3 and _index_definitions(Standard) == before
    assert Standard.objects.get(title="公共机构节能智慧管理规范").system_code == "404-001"
    with connection.cursor() as cursor:  # the rebuilt unique index is in force
        cursor.execute("SELECT COUNT(*) FROM catalog_standard WHERE number = %s", ["GB/T 13016—2018"])
        assert cursor.fetchone()[0] == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Standard.objects.create(category=Standard.objects.first().category, item_no=99, system_code="x-99",
                                number="GB/T 13016—2018", number_key="GB/T 13016—2018", title="重复",
                                level="national", status="current")


def _declaring(data: bytes, member: str, size: int) -> bytes:
    """Rewrite a zip so ``member`` declares ``size`` bytes (and the CRC of its first ``size`` bytes)."""
    real = zipfile.ZipFile(io.BytesIO(data)).read(member)
    crc = zlib.crc32(real[:size])
    patched = bytearray(data)
    start = 0
    while (start := patched.find(b"PK", start)) >= 0:
        kind = bytes(patched[start + 2:start + 4])
        if kind == b"\x03\x04":  # local header: CRC at 14, size at 22, name after 30
            name_at, name_len = 30, struct.unpack_from("<H", patched, start + 26)[0]
            crc_at, size_at = 14, 22
        elif kind == b"\x01\x02":  # central directory: CRC at 16, size at 24, name after 46
            name_at, name_len = 46, struct.unpack_from("<H", patched, start + 28)[0]
            crc_at, size_at = 16, 24
        else:
            start += 2
            continue
        if bytes(patched[start + name_at:start + name_at + name_len]) == member.encode():
            struct.pack_into("<I", patched, start + crc_at, crc)
            struct.pack_into("<I", patched, start + size_at, size)
        start += 4
    return bytes(patched)


def test_a_member_larger_than_it_declares_is_refused(admin):
    """The zip-bomb check reads declared sizes; calamine stops at them too, so a lie is refused, not expanded."""
    data = _declaring(xlsx(GOOD * 50), "xl/worksheets/sheet1.xml", 2000)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size == 2000
    with pytest.raises(FileRejected, match="无法读取"):
        standards_import(source=data, file_name="表1.xlsx", acting_user=admin)
    assert Standard.objects.count() == 0
