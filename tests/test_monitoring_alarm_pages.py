"""Alarm and compliance pages, the API, the home panel and the reminders, on the demo's alarms (R-M-4, R-M-3,
R-X-3): the list filters, the detail page's timeline and its buttons (greyed out with the reason for a role that
may not), acknowledge and clear by page and by API with the platform's error shape."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.monitoring.alarm_panels import open_alarm_lines
from govstd.monitoring.alarm_states import AlarmStatus
from govstd.monitoring.demo_data import demo_alarms_create
from govstd.monitoring.models import Alarm, AlarmRule

from .monitoring_support import monitoring_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
ROWS = re.compile(r'href="/monitoring/alarms/\d+/"')


@pytest.fixture
def alarms(monitoring, admin):
    rules, raised = demo_alarms_create(acting_user=admin)
    assert (rules, raised) == (8, 3)
    assert demo_alarms_create(acting_user=admin) == (0, 0)  # idempotent
    return {a.source.code: a for a in Alarm.objects.select_related("source")}


@pytest.fixture
def api_as(client, users):
    tokens = {}

    def call(role: Role, method: str, url: str, data=None):
        if role not in tokens:
            tokens[role] = api_token_create(user=users[role], name="test")
        kwargs = {"headers": {"Authorization": f"Bearer {tokens[role]}"}}
        if data is not None:
            kwargs |= {"data": data, "content_type": "application/json"}
        return getattr(client, method)(f"/api/v1{url}", **kwargs)

    return call


def test_demo_readings_raise_open_and_cleared_alarms(alarms):
    """R-M-4: the demo has an open major alarm, an open critical one and one the rule cleared."""
    assert AlarmRule.objects.count() == 8
    warm, cleared, late = alarms["office-temp-a301"], alarms["office-temp-futian-502"], alarms["vehicle-dispatch-system"]
    assert (warm.status, warm.severity) == (AlarmStatus.ACTIVE_UNACK, "MAJOR")
    assert (late.status, late.severity) == (AlarmStatus.ACTIVE_UNACK, "CRITICAL")
    assert cleared.status == AlarmStatus.CLEARED_UNACK and cleared.cleared_by is None
    assert list(cleared.events.values_list("action", flat=True)) == ["raise", "update", "auto_clear"]


def test_alarm_list_filters(client, users, alarms):
    """R-M-4: open / cleared, severity and domain filters."""
    client.force_login(users[Role.LEADER])
    page = client.get("/monitoring/alarms/?status=open").content.decode()
    assert "按时派车率低于目标" in page and "办公室温度超出舒适范围" in page and "告警" in page
    assert len(ROWS.findall(page)) == 2
    assert len(ROWS.findall(client.get("/monitoring/alarms/?status=cleared").content.decode())) == 1
    page = client.get("/monitoring/alarms/?severity=CRITICAL&domain=vehicles").content.decode()
    assert len(ROWS.findall(page)) == 1
    assert client.get("/monitoring/alarms/?severity=nonsense").status_code == 200  # a bad filter is ignored


def test_detail_page_greys_out_what_a_role_may_not_do_and_an_inspector_acts(client, users, alarms):
    """R-M-4: a leader sees the buttons disabled with the reason; an inspector acknowledges, then clears;
    the timeline shows who."""
    alarm = alarms["office-temp-a301"]
    client.force_login(users[Role.LEADER])
    page = client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert 'data-action="acknowledge" disabled' in page and 'data-action="clear" disabled' in page
    assert "您的角色无权执行“确认告警”" in page and "无权操作" in page
    assert client.post(f"/monitoring/alarms/{alarm.pk}/actions/acknowledge/").status_code == 403
    inspector = users[Role.INSPECTOR]
    client.force_login(inspector)
    page = client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert 'data-action="acknowledge">' in page
    response = client.post(f"/monitoring/alarms/{alarm.pk}/actions/acknowledge/",
                           {"acknowledge-reason": "已通知物业调整空调", "acknowledge-expected_version": alarm.version})
    assert response.status_code == 302
    stale = client.post(f"/monitoring/alarms/{alarm.pk}/actions/clear/", {"clear-expected_version": alarm.version})
    assert stale.status_code == 409
    alarm.refresh_from_db()
    assert client.post(f"/monitoring/alarms/{alarm.pk}/actions/clear/",
                       {"clear-expected_version": alarm.version}).status_code == 302
    alarm.refresh_from_db()
    assert alarm.status == AlarmStatus.CLEARED_ACK and alarm.cleared_by == inspector
    page = client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert "已通知物业调整空调" in page and str(inspector) in page
    assert "data-action" not in page  # cleared and acknowledged: nothing left to do


def test_api_lists_acknowledges_and_clears_with_the_platform_errors(api_as, alarms, client, users):
    """R-M-4: GET alarms with filters; POST acknowledge / clear; 403, 409, 404 and 400 in the error shape."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/alarms", "/api/v1/alarms/{alarm_id}/acknowledge", "/api/v1/alarms/{alarm_id}/clear",
            "/api/v1/compliance"} <= set(paths)
    listed = api_as(Role.LEADER, "get", "/alarms?status=open").json()
    assert listed["count"] == 2 and listed["results"][0]["severity"] == "CRITICAL"  # the most severe first
    alarm = alarms["vehicle-dispatch-system"]
    refused = api_as(Role.LEADER, "post", f"/alarms/{alarm.pk}/acknowledge", {})
    assert refused.status_code == 403 and set(refused.json()) == {"code", "message", "field"}
    done = api_as(Role.INSPECTOR, "post", f"/alarms/{alarm.pk}/acknowledge", {"reason": "调度中心已处理"})
    assert done.status_code == 200, done.content
    assert done.json()["acknowledged"] and done.json()["acknowledged_by"] == users[Role.INSPECTOR].username
    again = api_as(Role.INSPECTOR, "post", f"/alarms/{alarm.pk}/acknowledge", {})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    stale = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/alarms/{alarm.pk}/clear", {"expected_version": 1})
    assert stale.status_code == 409
    cleared = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/alarms/{alarm.pk}/clear", {})
    assert cleared.status_code == 200 and cleared.json()["status"] == "cleared_ack"
    detail = api_as(Role.LEADER, "get", f"/alarms/{alarm.pk}").json()
    assert [e["action"] for e in detail["events"]] == ["raise", "update", "acknowledge", "clear"]
    assert detail["actions"] == []
    assert api_as(Role.LEADER, "get", "/alarms/999999").status_code == 404
    bad = api_as(Role.LEADER, "get", "/alarms?severity=LOUD")
    assert bad.status_code == 400 and bad.json()["field"]
    too_long = api_as(Role.INSPECTOR, "post", f"/alarms/{alarms['office-temp-a301'].pk}/acknowledge",
                      {"reason": "x" * 501})
    assert too_long.status_code == 400 and too_long.json()["field"] == "reason"
    assert api_as(Role.SYSTEM_ADMIN, "get", "/alarms").status_code == 403


def test_home_panel_and_reminders_show_open_urgent_alarms(client, users, alarms):
    """R-X-3: the home page lists open CRITICAL / MAJOR alarms; the daily digest tells the office and inspectors."""
    client.force_login(users[Role.LEADER])
    home = client.get("/").content.decode()
    assert "按时派车率低于目标" in home and "办公室温度超出舒适范围" in home
    lines = list(open_alarm_lines(timezone.localdate()))
    assert len(lines) == 2
    assert users[Role.INSPECTOR].pk in lines[0].recipients and users[Role.LEADER].pk not in lines[0].recipients
    assert lines[0].link.path() == f"/monitoring/alarms/{alarms['vehicle-dispatch-system'].pk}/"


def test_compliance_pages(client, users, alarms, monitoring):
    """R-M-3: the compliance page lists the standards with readings; a standard's page shows it per day."""
    client.force_login(users[Role.INSPECTOR])
    today = timezone.localdate()
    page = client.get(f"/monitoring/compliance/?since={today - dt.timedelta(days=2)}&until={today}")
    assert page.status_code == 200
    text = page.content.decode()
    standard = monitoring["indicators"]["office-temperature"].standard
    assert standard.title in text
    detail = client.get(f"/monitoring/compliance/{standard.pk}/").content.decode()
    assert "办公室室内温度" in detail and "%" in detail
    assert client.get("/monitoring/compliance/?since=2026-02-01&until=2026-01-01").status_code == 400  # refused beside the field


def _interface_text(html: str) -> str:
    """The page's text as the browser walk reads it: without what is marked as content (``translate="no"``,
    ``lang="en"``), scripts and styles."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    for node in tree.xpath('//*[@translate="no" or @lang="en"] | //script | //style | //code'):
        node.drop_tree()
    return tree.text_content()


def test_alarm_and_compliance_pages_read_in_chinese(client, users, alarms, monitoring):
    """R-3-1: the alarm pages with the demo's alarms (escalated, acknowledged, cleared) show no English
    interface word, as the browser walk checks the pages it reaches."""
    from govstd.monitoring.alarms import alarm_acknowledge

    from .browser_support import english_words

    rule = alarms["office-temp-a301"].rule
    AlarmRule.objects.filter(pk=rule.pk).update(severity="CRITICAL")  # the next breach escalates the alarm
    from govstd.monitoring.services import readings_ingest

    readings_ingest(source=monitoring["sources"]["office-temp-a301"], readings=[
        {"indicator": "office-temperature", "ts": timezone.now().isoformat(), "value": 35.0}])
    alarm_acknowledge(alarm=alarms["vehicle-dispatch-system"], actor=users[Role.INSPECTOR])
    assert list(alarms["office-temp-a301"].events.values_list("action", flat=True))[-2:] == ["escalate", "update"]
    client.force_login(users[Role.LEADER])
    standard = monitoring["indicators"]["office-temperature"].standard
    pages = ["/", "/monitoring/alarms/", "/monitoring/alarms/?status=cleared", "/monitoring/compliance/",
             f"/monitoring/compliance/{standard.pk}/"] + [f"/monitoring/alarms/{a.pk}/" for a in alarms.values()]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not english_words(_interface_text(response.content.decode())), url
    assert "重要 → 紧急" in client.get(f"/monitoring/alarms/{alarms['office-temp-a301'].pk}/").content.decode()


def test_alarms_and_indicator_charts_link_to_each_other(alarms, client, users):
    """R-M-3, R-M-4: an alarm's page leads to its indicator's chart and to that indicator's other alarms; the
    indicator's page leads to its alarms (for roles that read alarms); the list filtered by indicator holds
    only that indicator's alarms and names it."""
    from django.urls import reverse

    client.force_login(users[Role.INSPECTOR])
    warm = alarms["office-temp-a301"]
    code = warm.rule.indicator.code
    chart = reverse("dashboard:indicator_detail", args=[code])
    filtered = f"{reverse('alarms:alarm_list')}?indicator={code}"
    detail = client.get(warm.get_absolute_url()).content.decode()
    assert f'href="{chart}"' in detail and f'href="{filtered}"' in detail
    indicator_page = client.get(chart).content.decode()
    assert f'href="{filtered}"' in indicator_page and "该指标的告警" in indicator_page
    listing = client.get(filtered).content.decode()
    expected = Alarm.objects.filter(rule__indicator__code=code)
    assert 0 < expected.count() < Alarm.objects.count()
    assert sorted(ROWS.findall(listing)) == sorted(f'href="{a.get_absolute_url()}"' for a in expected)
    assert 'id="alarm-indicator"' in listing and f'href="{chart}"' in listing
    everything = client.get(reverse("alarms:alarm_list")).content.decode()
    assert f'href="{chart}"' in everything  # each row's indicator leads to its chart
    api = client.get("/api/v1/alarms", {"indicator": code}).json()
    assert {row["id"] for row in api["results"]} == set(expected.values_list("pk", flat=True))
    client.force_login(users[Role.AUDIT_ADMIN])
    assert 'id="indicator-alarms"' not in client.get(chart).content.decode()
@pytest.mark.parametrize("url", [
    "/monitoring/compliance/?until=0001-01-01", "/monitoring/compliance/?until=9999-12-31",
    "/monitoring/compliance/?since=0001-01-01&until=0001-01-02", "/monitoring/compliance/{standard}/?until=9999-12-31",
])
def test_compliance_dates_out_of_range_are_400_with_the_field(client, users, monitoring, url):
    """R-M-3 (review finding 3): a date near the calendar's ends is refused beside its field, never a 500."""
    client.force_login(users[Role.LEADER])
    standard = monitoring["indicators"]["office-temperature"].standard_id
    response = client.get(url.format(standard=standard))
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


def test_compliance_api_dates_out_of_range_are_400_with_the_field(api_as, monitoring):
    """R-M-3 (review finding 3): the API answers 400 naming the field."""
    response = api_as(Role.LEADER, "get", "/compliance?since=0001-01-01&until=0001-01-02")
    assert response.status_code == 400 and response.json()["field"] == "since"
    response = api_as(Role.LEADER, "get", "/compliance?since=2026-01-01&until=9999-12-31")
    assert response.status_code == 400 and response.json()["field"] == "until"
    assert api_as(Role.LEADER, "get", "/compliance?since=2026-01-01&until=2026-01-31").status_code == 200


def test_compliance_page_shows_its_default_window_as_iso_dates(client, users, monitoring):
    """R-M-3 (review finding 13): the date fields show the 30 days judged, as ISO dates for the date picker."""
    client.force_login(users[Role.LEADER])
    today = timezone.localdate()
    page = client.get("/monitoring/compliance/").content.decode()
    assert f'value="{today.isoformat()}"' in page
    assert f'value="{(today - dt.timedelta(days=29)).isoformat()}"' in page
    page = client.get("/monitoring/compliance/?period=day").content.decode()
    assert f'value="{today.isoformat()}"' in page


def test_home_page_shows_each_alarm_once_and_reminders_only_unacknowledged_ones(client, users, alarms):
    """R-X-3 (review finding 10): the inspector's home page lists an open alarm once (its panel, not again as a
    reminder with a ✓ that leaves it unacknowledged); once acknowledged it is no longer a reminder line."""
    from govstd.monitoring.alarms import alarm_acknowledge
    from govstd.notifications.models import Reminder
    from govstd.notifications.services import reminders_compute

    inspector = users[Role.INSPECTOR]
    reminders_compute()
    assert Reminder.objects.filter(recipient=inspector, kind="alarm_open").count() == 2  # still e-mailed
    client.force_login(inspector)
    home = client.get("/").content.decode()
    assert home.count("按时派车率低于目标") == 1
    late = alarms["vehicle-dispatch-system"]
    alarm_acknowledge(alarm=late, actor=inspector, payload={})
    keys = [line.key for line in open_alarm_lines(timezone.localdate())]
    assert keys == [f"alarm_open:{alarms['office-temp-a301'].pk}:MAJOR"]


def test_alarm_detail_reads_as_chinese_for_an_immediate_rule(client, users, alarms):
    """R-M-4 (review finding 11): the title names the source in Chinese, not its code; a rule with no duration
    reads 立即告警; the badges sit together in the header."""
    client.force_login(users[Role.LEADER])
    late = alarms["vehicle-dispatch-system"]
    page = client.get(f"/monitoring/alarms/{late.pk}/").content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "公务用车调度平台" in h1 and "vehicle-dispatch-system" not in h1
    assert "越限持续 0 秒" not in page and "首次越限即告警" in page
    assert re.search(r'<div class="actions">\s*<span class="badge severity-CRITICAL', page)


def test_screen_ticker_marks_an_open_critical_alarm_urgent(client, users, alarms):
    """R-X-3 (review finding 11): the screen's ticker shows today's critical alarm in the alert colour."""
    client.force_login(users[Role.LEADER])
    items = client.get("/api/v1/dashboard/alarms").json()["items"]
    critical = [i for i in items if i["kind"] == "alarm" and i["severity"] == "CRITICAL"]
    assert critical and all(i["urgent"] for i in critical)


def test_source_page_lists_its_open_alarms(client, users, alarms):
    """R-M-4, R-A-2 (review finding 13): a data source's page shows its open alarms to those who read alarms."""
    client.force_login(users[Role.LEADER])
    warm = alarms["office-temp-a301"]
    page = client.get("/monitoring/sources/office-temp-a301/").content.decode()
    assert 'id="source-open-alarms"' in page and f'href="/monitoring/alarms/{warm.pk}/"' in page
    page = client.get("/monitoring/sources/office-temp-futian-502/").content.decode()
    section = page.split('id="source-open-alarms"')[1].split("</section>")[0]
    assert "/monitoring/alarms/" not in section and "没有未清除的告警" in section


def test_greyed_out_alarm_steps_come_from_the_engine(users, alarms):
    """R-M-4, R-X-3 (review finding 19): the steps a leader may not take are the engine's, with the role refusal's
    reason code, for the alarm as for every workflow; the rule's own steps are never offered."""
    from govstd.monitoring.alarms import alarm_options

    late = alarms["vehicle-dispatch-system"]
    leader = alarm_options(alarm=late, user=users[Role.LEADER])
    assert {o.name for o in leader} == {"acknowledge", "clear"}
    assert all(not o.allowed and o.reason and o.reason_code == "role" for o in leader)
    inspector = alarm_options(alarm=late, user=users[Role.INSPECTOR])
    assert {o.name for o in inspector if o.allowed} == {"acknowledge", "clear"}
