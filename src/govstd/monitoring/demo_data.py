"""Demo indicators, one or more for each of the eight smart applications, and the sources that feed them."""

from govstd.accounts.models import Unit
from govstd.catalog.models import Standard, Status

from .models import DataSource, Domain, Indicator, PeriodKind
from .services import data_source_create, indicator_create

A = Indicator.Aggregation
C = Indicator.Comparison

# code, standard title, clause, name, unit, comparison, target (or (low, high)), aggregation, period, domain
INDICATORS = [
    ("meeting-booking-minutes", "会议室预约与使用管理规范", "5.2", "会议室预约确认时长", "min", C.AT_MOST, 10,
     A.AVERAGE, PeriodKind.DAY, Domain.MEETINGS),
    ("energy-kwh-per-person", "公共机构节能智慧管理规范", "6.1", "人均月用电量", "kWh", C.AT_MOST, 150,
     A.SUM, PeriodKind.MONTH, Domain.ENERGY),
    ("vehicle-dispatch-on-time", "公务用车智慧调度服务规范", "5.3", "公务用车按时派车率", "%", C.AT_LEAST, 98,
     A.RATE, PeriodKind.DAY, Domain.VEHICLES),
    ("canteen-food-safety-checks", "机关食堂智慧餐饮服务规范", "7.1", "食堂食品安全检查完成率", "%", C.EQUAL, 100,
     A.RATE, PeriodKind.DAY, Domain.CATERING),
    ("asset-tag-read-rate", "机关公有资产智慧管理规范", "4.4", "资产标签盘点识别率", "%", C.AT_LEAST, 99,
     A.RATE, PeriodKind.MONTH, Domain.ASSETS),
    ("office-temperature", "办公用房使用状态监测规范", "6.2", "办公室室内温度", "℃", C.WITHIN, (24, 28),
     A.AVERAGE, PeriodKind.HOUR, Domain.BUILDINGS),
    ("facility-inspection-done", "机关楼宇设施设备巡检规范", "5.1", "设施设备巡检完成率", "%", C.AT_LEAST, 95,
     A.RATE, PeriodKind.DAY, Domain.PROPERTY),
    ("printer-downtime-minutes", "机关集约化文印设备管理规范", "6.3", "文印设备日故障时长", "min", C.AT_MOST, 60,
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
    for code, title, clause, name, unit, comparison, target, aggregation, period, domain in INDICATORS:
        if Indicator.objects.filter(code=code).exists():
            continue
        standard = (Standard.objects.filter(title=title).exclude(status=Status.SUPERSEDED).order_by("-id").first())
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
