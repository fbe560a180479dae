"""R-6-IO import of Table 1; R-6.4-3 a bad number names its row and field; nothing half-written."""

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from govstd.accounts.models import AuditEntry
from govstd.catalog.models import Standard
from govstd.catalog.services.standard_import import standards_import
from govstd.errors import ApplicationError, FileRejected

pytestmark = pytest.mark.django_db

HEADER = ["序号", "标准体系", "子体系", "体系编号", "标准编号", "标准名称", "标准级别", "标准状态", "实施日期", "归口单位", "备注"]
GOOD = [
    [1, "基础通用标准体系", "标准化工作标准", "", "GB/T 13016—2018", "标准体系构建原则和要求", "国家标准", "现行",
     dt.datetime(2018, 10, 1), "全国标准化原理与方法标准化技术委员会", ""],
    [2, "技术保障标准体系", "信息安全标准", "", "GB/T 22239-2019", "信息安全技术 网络安全等级保护基本要求", "", "现行",
     "2019-12-01", "全国网络安全标准化技术委员会", ""],
    [3, "智慧应用标准体系", "智慧用能标准", "", "", "公共机构节能智慧管理规范", "内部标准", "待制定", "", "", "拟 2027 年立项"],
]


def xlsx(rows, header=HEADER, title_row: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    if title_row:
        sheet.append([title_row])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(admin, data: bytes, name="表1.xlsx", **kwargs):
    return standards_import(source=data, file_name=name, acting_user=admin, **kwargs)


def test_good_file_imports_every_row_with_codes(admin):
    report = run(admin, xlsx(GOOD, title_row="表1 标准明细表"))
    assert report.ok and report.written and report.created == 3
    assert Standard.objects.get(number="GB/T 22239—2019").level == "national"
    assert Standard.objects.get(title="公共机构节能智慧管理规范").system_code == "404-001"
    assert Standard.objects.get(number="GB/T 13016—2018").implementation_date == dt.date(2018, 10, 1)


def test_reimporting_the_same_file_changes_nothing(admin):
    run(admin, xlsx(GOOD))
    before = list(Standard.objects.order_by("id").values())
    audit_before = AuditEntry.objects.exclude(action=AuditEntry.Action.IMPORT).count()
    report = run(admin, xlsx(GOOD))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert list(Standard.objects.order_by("id").values()) == before
    assert AuditEntry.objects.exclude(action=AuditEntry.Action.IMPORT).count() == audit_before


def test_changed_rows_update_in_place_with_before_and_after(admin):
    run(admin, xlsx(GOOD))
    changed = [row[:] for row in GOOD]
    changed[0][10] = "复审后继续有效"
    changed[2][4], changed[2][7] = "SZJG/NB 010—2027", "即将实施"  # the planned standard got its number
    changed[2][8] = "2099-01-01"
    report = run(admin, xlsx(changed))
    assert (report.created, report.updated) == (0, 2)
    planned = Standard.objects.get(title="公共机构节能智慧管理规范")
    assert (planned.number, planned.status, planned.system_code) == ("SZJG/NB 010—2027", "upcoming", "404-001")
    entry = AuditEntry.objects.filter(object_id=str(planned.pk), action="update").latest("id")
    assert entry.changes["number"] == ["", "SZJG/NB 010—2027"]


BAD = [
    [4, "基础通用标准体系", "不存在的类别", "", "GB/T 1.1—2020", "标准化工作导则", "国家标准", "现行", "", "", ""],
    [5, "基础通用标准体系", "测量标准", "", "GB/T 2589—20", "综合能耗计算通则", "国家标准", "现行", "", "", ""],
    [6, "基础通用标准体系", "测量标准", "", "GB 17167—2006", "计量器具", "国标级", "现行", "", "", ""],
    [7, "基础通用标准体系", "测量标准", "", "JJF 1001—2011", "计量术语", "行业标准", "很好", "", "", ""],
    [8, "基础通用标准体系", "测量标准", "", "GB/T 19038—2009", "满意测评", "国家标准", "现行", "2009年13月1日", "", ""],
    [9, "基础通用标准体系", "标准化工作标准", "", "GB/T 13016-2018", "重复的一行", "国家标准", "现行", "", "", ""],
]


def test_every_bad_row_is_reported_and_nothing_is_written(admin):
    """R-6.4-3: row (as the spreadsheet shows it, header = 1), column, value, reason."""
    report = run(admin, xlsx(GOOD + BAD))
    assert not report.written
    assert Standard.objects.count() == 0
    found = {(p.row, p.column) for p in report.problems}
    assert found == {(5, "子体系"), (6, "标准编号"), (7, "标准级别"), (8, "标准状态"), (9, "实施日期"), (10, "标准编号")}
    reasons = {p.row: p.reason for p in report.problems}
    assert "未知类别" in reasons[5] and "四位数字" in reasons[6] and "与第 2 行重复" in reasons[10]
    assert str(report.problems[0]).startswith("第 5 行，子体系：")


def test_skip_invalid_writes_the_good_rows_and_keeps_the_report(admin, tmp_path):
    from govstd.catalog.import_report import write_report

    report = run(admin, xlsx(GOOD + BAD), skip_invalid=True)
    assert report.written and report.created == 3 and report.bad_rows == 6
    write_report(report, tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx").active
    assert [c.value for c in sheet[2]] == ["行号", "列", "值", "原因"]
    assert sheet.cell(row=3, column=1).value == 5


def test_csv_in_utf8_with_bom_imports(admin):
    text = ",".join(HEADER) + "\n" + "1,技术保障标准体系,信息安全标准,,GB/T 22240—2020,信息安全技术 网络安全等级保护定级指南,国家标准,现行,,,\n"
    report = run(admin, text.encode("utf-8-sig"), name="表1.csv")
    assert report.created == 1


def test_extra_columns_are_ignored_with_a_warning(admin):
    report = run(admin, xlsx([[*row, "x"] for row in GOOD], header=[*HEADER, "内部编码"]))
    assert report.created == 3 and "内部编码" in report.warnings[0]


def test_a_file_without_the_required_columns_is_refused(admin):
    with pytest.raises(FileRejected, match="缺少必需的列：子体系"):
        run(admin, xlsx([], header=["标准编号", "标准名称", "标准状态"]))


def test_only_the_standardization_admin_may_import(users):
    from govstd.accounts.roles import Role

    with pytest.raises(ApplicationError, match=r"无权|not allow"):
        run(users[Role.DRAFTER], xlsx(GOOD))


def test_a_replaced_edition_is_marked_superseded_on_import(admin):
    rows = [
        [1, "基础通用标准体系", "标准化工作标准", "", "GB/T 1.1—2009", "标准化工作导则 第1部分：标准的结构和编写", "国家标准", "现行", "", "", ""],
    ]
    run(admin, xlsx(rows))
    header = [*HEADER, "代替标准"]
    newer = [[1, "基础通用标准体系", "标准化工作标准", "", "GB/T 1.1—2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则",
              "国家标准", "现行", "", "", "", "GB/T 1.1-2009"]]
    run(admin, xlsx(newer, header=header))
    old = Standard.objects.get(number="GB/T 1.1—2009")
    assert old.status == "superseded"
    assert old.replaced_by.get().number == "GB/T 1.1—2020"


# --- the command line (`govstd import-standards`), as other tools call it -------------------------------

def test_cli_exit_zero_when_every_row_imported(admin, tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(xlsx(GOOD))
    call_command("import-standards", str(path), verbosity=0)
    assert Standard.objects.count() == 3


def test_cli_exit_non_zero_with_one_line_per_bad_row(admin, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(GOOD + BAD))
    report = tmp_path / "report.xlsx"
    with pytest.raises(CommandError) as error:
        call_command("import-standards", str(path), "--report", str(report), verbosity=0)
    assert error.value.returncode == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("第 ")]
    assert len(lines) == 6 and lines[0].startswith("第 5 行，子体系")
    assert report.exists() and Standard.objects.count() == 0


def test_cli_skip_invalid_still_fails_but_writes_good_rows(admin, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(GOOD + BAD))
    with pytest.raises(CommandError):
        call_command("import-standards", str(path), "--skip-invalid", verbosity=0)
    assert Standard.objects.count() == 3


def test_cli_is_the_govstd_console_script(tmp_path):
    """`govstd import-standards` is a real executable with the documented options."""
    govstd = Path(sys.executable).with_name("govstd")
    result = subprocess.run([str(govstd), "import-standards", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "--skip-invalid" in result.stdout and "--report" in result.stdout
