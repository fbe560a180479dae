"""``govstd import-readings FILE`` and ``govstd demo``: the file channel (R-M-2, R-M-4) and the demo's
indicators for the eight smart applications (R-M-1) with their data sources (R-A-2)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from govstd.monitoring.models import Aggregate, DataSource, Domain, Indicator, Reading, RejectCount
from govstd.monitoring.readings_import import readings_import

from .monitoring_support import monitoring_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
ENERGY = "energy-kwh-per-person"


def local(hours_ago: int) -> str:
    """A local time without offset, as a person types it in a spreadsheet."""
    return (timezone.localtime() - dt.timedelta(hours=hours_ago)).strftime("%Y-%m-%d %H:%M")


def csv_file(tmp_path, rows: list[tuple]) -> str:
    path = tmp_path / "readings.csv"
    lines = ["数据源编号,指标编号,时间,数值,单位"] + [",".join(map(str, row)) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_a_csv_file_is_imported_and_rolled_up(monitoring, tmp_path):
    """R-M-2: local times without offset are read in the platform's zone; the rollup follows."""
    path = csv_file(tmp_path, [("energy-meter-civic-a", ENERGY, local(2), "3.5", "kWh"),
                               ("energy-meter-futian", ENERGY, local(1), "4", "")])
    out = io.StringIO()
    call_command("import-readings", path, stdout=out)
    assert "存储 2" in out.getvalue()
    months = Aggregate.objects.filter(indicator__code=ENERGY, period="month")  # two, just after a month begins
    assert sum(months.values_list("sum", flat=True)) == pytest.approx(7.5)
    assert set(Reading.objects.values_list("source__code", flat=True)) == {"energy-meter-civic-a",
                                                                          "energy-meter-futian"}
    call_command("import-readings", path, stdout=io.StringIO())  # the same file again: duplicates, exit 0
    assert Reading.objects.count() == 2


def test_bad_rows_are_named_counted_and_make_the_command_fail(monitoring, tmp_path):
    """R-M-4: each bad row is reported with its row number and reason; the good rows are stored."""
    path = csv_file(tmp_path, [("energy-meter-civic-a", ENERGY, local(3), "3", "kWh"),
                               ("energy-meter-civic-a", ENERGY, local(2), "abc", "kWh"),
                               ("energy-meter-civic-a", ENERGY, local(1), "3", "MWh"),
                               ("no-such-meter", ENERGY, local(1), "3", "kWh")])
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 行被拒收"):
        call_command("import-readings", path, stdout=io.StringIO(), stderr=err)
    assert "第 3 行" in err.getvalue() and "第 4 行" in err.getvalue() and "第 5 行" in err.getvalue()
    assert Reading.objects.count() == 1
    assert dict(RejectCount.objects.values_list("reason", "count")) == {
        "non_numeric": 1, "wrong_unit": 1, "unknown_source": 1}


def test_an_xlsx_file_with_text_times_is_imported(monitoring):
    book = Workbook()
    sheet = book.active
    sheet.title = "读数"
    sheet.append(["数据源编号", "指标编号", "时间", "数值"])
    sheet.append(["energy-meter-civic-a", ENERGY, local(2), 2.5])
    sheet.append(["energy-meter-civic-a", ENERGY, local(1), 1.5])
    data = io.BytesIO()
    book.save(data)
    result = readings_import(source=data.getvalue(), name="readings.xlsx")
    assert (result.rows, result.stored, result.refused) == (2, 2, 0)


def test_an_xlsx_date_and_time_cell_keeps_its_time(monitoring):
    """R-M-2: a time typed into Excel is a date-and-time cell, read with its hour and minute in the
    platform's time zone (Table 1's date cells stay dates)."""
    moments = [(timezone.localtime() - dt.timedelta(hours=h)).replace(second=0, microsecond=0, tzinfo=None)
               for h in (3, 2)]
    book = Workbook()
    sheet = book.active
    sheet.title = "读数"
    sheet.append(["数据源编号", "指标编号", "时间", "数值"])
    for moment in moments:
        sheet.append(["energy-meter-civic-a", ENERGY, moment, 2.5])
    data = io.BytesIO()
    book.save(data)
    result = readings_import(source=data.getvalue(), name="readings.xlsx")
    assert (result.rows, result.stored, result.refused) == (2, 2, 0)
    zone = timezone.get_current_timezone()
    stored = sorted(timezone.localtime(t, zone).replace(tzinfo=None)
                    for t in Reading.objects.values_list("time", flat=True))
    assert stored == moments


def test_the_demo_has_an_indicator_for_each_smart_application_and_loads_again_without_change():
    """R-M-1, R-A-2: at least one indicator per smart application, each on a current standard of the catalog
    (the demo cites real national standards, so it leaves their clause blank rather than invent one; the
    registry's form and API take the clause: test_monitoring_registry); sources per unit."""
    call_command("demo", stdout=io.StringIO())
    assert set(Indicator.objects.values_list("domain", flat=True)) == set(Domain.values)
    assert all(i.standard.status == "current" and i.standard.number for i in Indicator.objects.all())
    assert DataSource.objects.values("unit").distinct().count() >= 3
    counts = (Indicator.objects.count(), DataSource.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (Indicator.objects.count(), DataSource.objects.count()) == counts
