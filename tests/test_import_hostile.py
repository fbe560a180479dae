"""Bad input gets a clear error and nothing is written: not a spreadsheet, zip bomb, too big, formulas, GBK."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from govstd.catalog.models import Standard
from govstd.catalog.services.standard_import import standards_import
from govstd.errors import FileRejected

from .test_import import GOOD, HEADER, xlsx

pytestmark = pytest.mark.django_db


def run(admin, data, name="表1.xlsx", **kwargs):
    return standards_import(source=data, file_name=name, acting_user=admin, **kwargs)


def test_not_a_spreadsheet(admin):
    with pytest.raises(FileRejected, match="不是有效的 Excel"):
        run(admin, b"PK\x03\x04 this is not really a zip file at all")
    with pytest.raises(FileRejected, match="不是文本文件"):
        run(admin, bytes(range(256)) * 10, name="表1.csv")
    with pytest.raises(FileRejected, match="旧版 Excel"):
        run(admin, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, name="表1.xls")
    with pytest.raises(FileRejected, match="没有找到表头"):
        run(admin, "随便写的一段话\n第二行\n".encode(), name="notes.csv")


def test_zip_bomb_is_refused_before_parsing(admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    with pytest.raises(FileRejected, match="压缩炸弹"):
        run(admin, buffer.getvalue())


def test_a_file_over_the_size_limit_is_refused(admin, settings):
    settings.GOVSTD_IMPORT_MAX_BYTES = 50 * 1024 * 1024
    with pytest.raises(FileRejected, match="超过上限"):
        run(admin, b"x" * (100 * 1024 * 1024), name="big.csv")


def test_formulas_are_reported_not_evaluated(admin):
    rows = [row[:] for row in GOOD]
    rows[1][5] = '=HYPERLINK("http://evil.example","点我")'
    report = run(admin, xlsx(rows))
    assert not report.written and Standard.objects.count() == 0
    assert report.problems[0].row == 3 and "公式" in report.problems[0].reason


def test_gbk_csv_gets_a_clear_error_and_can_be_read_when_named(admin):
    text = ",".join(HEADER) + "\n1,技术保障标准体系,信息安全标准,,GB/T 22240—2020,信息安全技术 网络安全等级保护定级指南,国家标准,现行,,,\n"
    data = text.replace("—", "-").encode("gbk")
    with pytest.raises(FileRejected, match="GBK") as error:
        run(admin, data, name="表1.csv")
    assert "CSV UTF-8" in error.value.message and Standard.objects.count() == 0
    assert run(admin, data, name="表1.csv", encoding="gbk").created == 1


def test_nothing_is_half_written_when_the_database_refuses(admin, monkeypatch):
    """A failure while writing rolls back every row of the import."""
    from govstd.catalog.models import Standard as Model

    original = Model.objects.bulk_update

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    run(admin, xlsx(GOOD[:1]))
    rows = [row[:] for row in GOOD]
    rows[0][10] = "changed"
    monkeypatch.setattr(Model.objects, "bulk_update", explode)
    with pytest.raises(RuntimeError):
        run(admin, xlsx(rows))
    monkeypatch.setattr(Model.objects, "bulk_update", original)
    assert Standard.objects.count() == 1


def test_empty_workbook(admin):
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileRejected, match="没有找到表头"):
        run(admin, buffer.getvalue())
