"""Demo indicators, one or more for each of the eight smart applications, and the sources that feed them."""

import datetime as dt

from django.utils import timezone

from govstd.accounts.models import Unit
from govstd.catalog.models import Standard, Status

from .alarm_states import Severity
from .alarms import alarm_rule_create
from .models import Alarm, DataSource, Domain, Indicator, PeriodKind
from .services import data_source_create, indicator_create, readings_ingest

A = Indicator.Aggregation
C = Indicator.Comparison

# Each indicator hangs on a current (现行) standard of the demo catalog, by its number, so the compliance pages
# show the number; the clause is left blank rather than invented.
# code, standard number, clause, name, unit, comparison, target (or (low, high)), aggregation, period, domain
INDICATORS = [
    ("meeting-booking-minutes", "GB 50799—2012", "", "会议室预约确认时长", "min", C.AT_MOST, 10,
     A.AVERAGE, PeriodKind.DAY, Domain.MEETINGS),
    ("energy-kwh-per-person", "GB/T 51161—2016", "", "人均月用电量", "kWh", C.AT_MOST, 150,
     A.SUM, PeriodKind.MONTH, Domain.ENERGY),
    ("vehicle-dispatch-on-time", "GB/T 36733—2018", "", "公务用车按时派车率", "%", C.AT_LEAST, 98,
     A.RATE, PeriodKind.DAY, Domain.VEHICLES),
    ("canteen-food-safety-checks", "GB 31654—2021", "", "食堂食品安全检查完成率", "%", C.EQUAL, 100,
     A.RATE, PeriodKind.DAY, Domain.CATERING),
    ("asset-tag-read-rate", "GB/T 33173—2016", "", "资产标签盘点识别率", "%", C.AT_LEAST, 99,
     A.RATE, PeriodKind.MONTH, Domain.ASSETS),
    ("office-temperature", "GB 55015—2021", "", "办公室室内温度", "℃", C.WITHIN, (24, 28),
     A.AVERAGE, PeriodKind.HOUR, Domain.BUILDINGS),
    ("facility-inspection-done", "GB/T 20647.9—2006", "", "设施设备巡检完成率", "%", C.AT_LEAST, 95,
     A.RATE, PeriodKind.DAY, Domain.PROPERTY),
    ("printer-downtime-minutes", "GB/T 28827.1—2022", "", "文印设备日故障时长", "min", C.AT_MOST, 60,
     A.SUM, PeriodKind.DAY, Domain.PRINTING),
]

# code, name, kind, unit name, domain, location
SOURCES = [
    ("meeting-booking-system", "会议室预约系统", DataSource.Kind.APPLICATION, "深圳市市直机关智慧运营中心",
     Domain.MEETINGS, "市民中心 智慧运营中心机房"),
    ("energy-meter-civic-a", "市民中心A区智能电表", DataSource.Kind.METER, "深圳市机关事务管理局",
     Domain.ENERGY, "市民中心A区配电房"),
    ("energy-meter-futian", "福田区机关大楼智能电表", DataSource.Kind.METER, "福田区机关事务管理中心",
     Domain.ENERGY, "福田区机关大楼B1配电房"),
    ("vehicle-dispatch-system", "公务用车调度平台", DataSource.Kind.APPLICATION, "深圳市机关事务管理局",
     Domain.VEHICLES, "市民中心 车管中心"),
    ("canteen-terminal-1", "一号食堂食品安全巡检终端", DataSource.Kind.TERMINAL, "深圳市机关事务管理局",
     Domain.CATERING, "市民中心一号食堂"),
    ("asset-rfid-gate-1", "资产RFID盘点门禁", DataSource.Kind.SENSOR, "深圳市机关事务管理局",
     Domain.ASSETS, "市民中心A区资产库房"),
    ("office-temp-a301", "A座301室温湿度传感器", DataSource.Kind.SENSOR, "深圳市机关事务管理局",
     Domain.BUILDINGS, "市民中心A座3楼301"),
    ("office-temp-futian-502", "福田区机关大楼502室温湿度传感器", DataSource.Kind.SENSOR, "福田区机关事务管理中心",
     Domain.BUILDINGS, "福田区机关大楼5楼502"),
    ("property-inspection-app", "物业巡检移动应用", DataSource.Kind.APPLICATION, "深圳市市直机关智慧运营中心",
     Domain.PROPERTY, "—"),
    ("print-center-terminal", "集中文印中心设备监测终端", DataSource.Kind.TERMINAL, "深圳市机关事务管理局",
     Domain.PRINTING, "市民中心B区文印中心"),
]


def demo_monitoring_create(*, acting_user) -> tuple[int, int]:
    """Create the demo indicators and data sources that are missing (idempotent); return how many of each."""
    indicators = sources = 0
    for code, number, clause, name, unit, comparison, target, aggregation, period, domain in INDICATORS:
        if Indicator.objects.filter(code=code).exists():
            continue
        standard = Standard.objects.filter(number=number, status=Status.CURRENT).order_by("-id").first()
        if standard is None:  # the demo catalog was changed: leave this indicator out
            continue
        bounds = {"target_low": target[0], "target_high": target[1]} if comparison == C.WITHIN else {"target": target}
        indicator_create(acting_user=acting_user, code=code, standard=standard, clause=clause, name=name, unit=unit,
                         comparison=comparison, aggregation=aggregation, period=period, domain=domain, **bounds)
        indicators += 1
    for code, name, kind, unit_name, domain, location in SOURCES:
        unit = Unit.objects.filter(name=unit_name).first()
        if unit is None or DataSource.objects.filter(code=code).exists():
            continue
        data_source_create(acting_user=acting_user, code=code, name=name, kind=kind, unit=unit, domain=domain,
                           location=location)
        sources += 1
    return indicators, sources


Sev = Severity
# indicator code, alarm type, severity, minimum duration (s), clear margin, clear duration (s)
ALARM_RULES = [
    ("office-temperature", "办公室温度超出舒适范围", Sev.MAJOR, 600, 0.5, 600),
    ("meeting-booking-minutes", "会议室预约确认超时", Sev.MINOR, 1800, 1, 0),
    ("vehicle-dispatch-on-time", "按时派车率低于目标", Sev.CRITICAL, 0, 0.5, 0),
    ("canteen-food-safety-checks", "食品安全检查未全部完成", Sev.CRITICAL, 0, 0, 0),
    ("energy-kwh-per-person", "人均月用电量超标", Sev.MAJOR, 0, 5, 0),
    ("asset-tag-read-rate", "资产标签识别率偏低", Sev.WARNING, 0, 0.2, 0),
    ("facility-inspection-done", "设施设备巡检未按计划完成", Sev.MINOR, 0, 1, 0),
    ("printer-downtime-minutes", "文印设备故障时长超标", Sev.WARNING, 0, 10, 0),
]


def _demo_series(now: dt.datetime) -> dict[str, list[dict]]:
    """A few hours that raise alarms: A301 too warm for the last hour (open), Futian 502 too warm this morning
    and back since (cleared by the rule), and late vehicle dispatches in the last hour (open, critical)."""
    def series(code, start_minutes_ago, step, values):
        start = now - dt.timedelta(minutes=start_minutes_ago)
        return [{"indicator": code, "ts": (start + dt.timedelta(minutes=step * n)).isoformat(), "value": v}
                for n, v in enumerate(values)]
    return {
        "office-temp-a301": series("office-temperature", 90, 5, [26.0] * 6 + [31.0] * 12),
        "office-temp-futian-502": series("office-temperature", 360, 5, [30.5] * 12 + [25.0] * 24),
        "vehicle-dispatch-system": series("vehicle-dispatch-on-time", 50, 2, [1.0] * 20 + [0.0] * 3),
    }


def demo_alarms_create(*, acting_user, now: dt.datetime | None = None) -> tuple[int, int]:
    """Create the demo alarm rules that are missing and, the first time, send readings that raise a few alarms
    (idempotent); return how many rules and alarms were created."""
    now = now or timezone.now()
    rules = 0
    for code, name, severity, min_duration, margin, clear_duration in ALARM_RULES:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None or indicator.alarm_rules.exists():
            continue
        alarm_rule_create(acting_user=acting_user, indicator=indicator, name=name, severity=severity,
                          min_duration=min_duration, clear_margin=margin, clear_duration=clear_duration)
        rules += 1
    if not rules or Alarm.objects.exists():
        return rules, 0
    for source_code, readings in _demo_series(now).items():
        source = DataSource.objects.filter(code=source_code).first()
        if source is not None:
            readings_ingest(source=source, readings=readings, now=now)
    return rules, Alarm.objects.count()
