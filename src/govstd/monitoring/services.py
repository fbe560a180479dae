"""Writes of the monitoring app: the one way readings get in, :func:`readings_ingest`, which MQTT, HTTP and
file imports all call (R-M-2). The registry of indicators, data sources and alarm rules is kept by
:mod:`.registry_services` (its creators are importable from here too, where callers have found them)."""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.errors import RateLimited

from .alarms import alarms_evaluate
from .models import DataSource, Indicator, RejectCount, RejectReason
from .readings_store import readings_insert
from .registry_services import data_source_create as data_source_create  # the registry's, importable here too
from .registry_services import data_source_token_issue as data_source_token_issue
from .registry_services import indicator_create as indicator_create
from .registry_services import token_hash
from .rollups import folds, rollups_merge
from .validation import PayloadRejected, Rejection, Window, payload_decode, readings_check

MAX_PROBLEMS_REPORTED = 100


@dataclass
class IngestReport:
    """What became of a batch: how many readings came, were stored, and were refused for which reason."""

    source_code: str
    received: int = 0
    stored: int = 0
    rejected: Counter = field(default_factory=Counter)
    problems: list[Rejection] = field(default_factory=list)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def refuse(self, rejection: Rejection, count: int = 1) -> None:
        self.rejected[rejection.reason] += count
        if len(self.problems) < MAX_PROBLEMS_REPORTED:
            self.problems.append(rejection)

    def as_dict(self) -> dict:
        return {"source": self.source_code, "received": self.received, "stored": self.stored,
                "rejected": {str(reason): n for reason, n in sorted(self.rejected.items())},
                "problems": [p.as_dict() for p in self.problems]}


def rejects_record(*, source: DataSource | None, source_code: str, counts: Counter, detail: str,
                   now: dt.datetime) -> None:
    """Add refused readings to the per-source, per-reason counters (R-M-4); one upsert per reason."""
    if not counts:
        return
    key = source.code if source is not None else ""
    table = connection.ops.quote_name(RejectCount._meta.db_table)
    q = connection.ops.quote_name
    prep = RejectCount._meta.get_field("last_at").get_db_prep_save
    # Names come from the model and are quoted; every value is a bound parameter.
    sql = (f"INSERT INTO {table} (source_id, source_code, reason, {q('count')}, last_at, last_detail) "  # noqa: S608
           "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (source_code, reason) DO UPDATE SET "
           f"{q('count')} = {table}.{q('count')} + excluded.{q('count')}, last_at = excluded.last_at, "
           "last_detail = excluded.last_detail")
    detail = (detail if source is not None else f"{source_code[:60]}: {detail}")[:300]
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(source.pk if source else None, key, str(reason), n, prep(now, connection), detail)
                                 for reason, n in sorted(counts.items())])
    if source is not None:
        DataSource.objects.filter(pk=source.pk).update(rejects_count=F("rejects_count") + counts.total())


# Only a source in service sends readings, through every channel (HTTP, MQTT, files): one under
# maintenance sends test values, a retired one nothing the office should count.
SENDING_STATUS = DataSource.Status.ACTIVE


def source_for_token(*, token: str, now: dt.datetime | None = None) -> DataSource | None:
    """The data source an HTTP bearer token belongs to, if it is in service; count a bad token as an unknown source."""
    source = DataSource.objects.filter(token_hash=token_hash(token), status=SENDING_STATUS).first()
    if source is None:
        bad_token_count(now=now or timezone.now())
    return source


BAD_TOKENS_PENDING = "monitoring:bad-tokens:pending"


def bad_token_count(*, now: dt.datetime) -> None:
    """Count a refused token in the cache first; write the tally to the database at most once a minute.

    A flood of guessed tokens then costs one cache increment per request, not a database write
    that every request queues for on the same counter row (R-M-4). The first refusal of each
    minute writes everything counted since the last write, itself included, so one stray bad
    token shows at once and a flood's count is complete after the next refusal in a later minute.
    """
    if not cache.add(BAD_TOKENS_PENDING, 1, timeout=None):
        try:
            cache.incr(BAD_TOKENS_PENDING)
        except ValueError:  # evicted between add and incr
            cache.add(BAD_TOKENS_PENDING, 1, timeout=None)
    minute = int(now.timestamp() // 60)
    if not cache.add(f"monitoring:bad-tokens:written:{minute}", True, timeout=120):
        return
    pending = cache.get(BAD_TOKENS_PENDING) or 0
    if pending <= 0:
        return
    cache.decr(BAD_TOKENS_PENDING, pending)
    with transaction.atomic():
        rejects_record(source=None, source_code="(HTTP)", counts=Counter({RejectReason.UNKNOWN_SOURCE: pending}),
                       detail=_("Invalid token for sending readings"), now=now)


def _window(now: dt.datetime) -> Window:
    return Window(earliest=now - dt.timedelta(days=settings.GOVSTD_READINGS_RETENTION_DAYS),
                  latest=now + dt.timedelta(seconds=settings.GOVSTD_READINGS_CLOCK_SKEW_SECONDS))


def readings_ingest(*, source: DataSource | str, readings: Sequence | None = None, payload: bytes | str | None = None,
                    now: dt.datetime | None = None, naive_timezone: dt.tzinfo | None = None,
                    text_values: bool = False, envelope: bool = False) -> IngestReport:
    """Validate, store and roll up a batch of readings from one source; refuse the bad ones by reason.

    Give either the raw ``payload`` (MQTT, HTTP; decoded and size-checked here) or the decoded
    ``readings`` (files); ``envelope`` requires a payload to be ``{"readings": [...]}``.
    Nothing bad is stored and nothing raises for bad input (R-M-4); a reading already stored for
    the same source, indicator and time is counted as a duplicate, not stored again (QoS 1
    redelivery, a batch posted twice). The readings, the rollups (R-M-3), the source's last-seen
    time and the reject counters change in one transaction, so a caller that retries after a
    database failure cannot count anything twice.

    The payload is decoded and its readings checked before that transaction: the work that needs
    no lock does not hold one, so the batches of one source (and, on SQLite, of all) are checked
    side by side and only queue to be written.
    """
    now = now or timezone.now()
    refused_whole, checked = None, None
    if payload is not None:
        try:
            readings = payload_decode(payload, max_bytes=settings.GOVSTD_READINGS_MAX_BYTES,
                                      max_readings=settings.GOVSTD_READINGS_MAX_PER_BATCH, envelope=envelope)
        except PayloadRejected as refused:
            refused_whole = refused
    readings = list(readings or [])
    if refused_whole is None and len(readings) <= settings.GOVSTD_READINGS_MAX_PER_BATCH:
        codes = {code for item in readings if isinstance(item, dict) and isinstance(code := item.get("indicator"), str)}
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes, is_active=True)} if codes else {}
        checked = readings_check(readings, indicators=indicators, window=_window(now),
                                 naive_timezone=naive_timezone, text_values=text_values)
    with transaction.atomic():
        return _readings_store(source=source, readings=readings, refused_whole=refused_whole, checked=checked,
                               now=now)


def _readings_store(*, source: DataSource | str, readings: list, refused_whole: PayloadRejected | None,
                    checked: tuple[dict, list[Rejection]] | None, now: dt.datetime) -> IngestReport:
    """Lock the source, then store the checked readings and count the refused ones (inside the transaction)."""
    code = source.code if isinstance(source, DataSource) else str(source)
    report = IngestReport(source_code=code)
    # Lock the source row first: every writer of this source's readings queues here, so the
    # duplicate check below sees everything committed before it (and SQLite takes its write lock).
    found = (DataSource.objects.select_for_update().filter(pk=source.pk) if isinstance(source, DataSource)
             else DataSource.objects.select_for_update().filter(code=code[:60])).first()
    if found is not None and found.status != SENDING_STATUS:  # the same rule as the HTTP token's
        found = None
    if refused_whole is not None:
        report.received = 1
        report.refuse(Rejection(None, refused_whole.reason, refused_whole.message))
        rejects_record(source=found, source_code=code, counts=report.rejected, detail=refused_whole.message, now=now)
        return report
    report.received = len(readings)
    if found is None:
        message = _("No data source in service has the code %(code)s.") % {"code": code[:60]}
        report.refuse(Rejection(None, RejectReason.UNKNOWN_SOURCE, message), count=max(1, len(readings)))
        rejects_record(source=None, source_code=code, counts=report.rejected, detail=_("Not registered or retired"),
                       now=now)
        return report
    if checked is None:  # more readings than a batch may hold
        message = _("A batch holds at most %(limit)d readings.") % {"limit": settings.GOVSTD_READINGS_MAX_PER_BATCH}
        report.refuse(Rejection(None, RejectReason.OVERSIZE, message), count=len(readings))
        rejects_record(source=found, source_code=code, counts=report.rejected, detail=message, now=now)
        return report
    good, refused = checked
    for rejection in refused:
        report.refuse(rejection)
    if good:
        # The database skips what it already holds (the key is source, indicator, time) and says what was new.
        rows = readings_insert(source_id=found.pk, rows=[(i, t, v) for (i, t), v in good.items()])
        if len(rows) < len(good):
            report.refuse(Rejection(None, RejectReason.DUPLICATE,
                                    _("A reading for this indicator and time is already stored.")),
                          count=len(good) - len(rows))
        rollups_merge(folds(rows))
        alarms_evaluate(source=found, rows=rows)
        report.stored = len(rows)
    DataSource.objects.filter(pk=found.pk).update(
        last_seen_at=Greatest(F("last_seen_at"), now) if found.last_seen_at else now,
        readings_count=F("readings_count") + report.stored)
    if report.rejected:
        first = report.problems[0].message if report.problems else ""
        rejects_record(source=found, source_code=code, counts=report.rejected, detail=first, now=now)
    return report


def payload_refuse(*, source: DataSource, reason: RejectReason, size: int) -> Rejection:
    """Count a payload refused before it was read (an HTTP body whose declared size is over the limit)."""
    rejection = Rejection(None, reason, _("The payload is %(size)d bytes; at most %(limit)d are accepted.")
                          % {"size": size, "limit": settings.GOVSTD_READINGS_MAX_BYTES})
    with transaction.atomic():
        rejects_record(source=source, source_code=source.code, counts=Counter({reason: 1}),
                       detail=rejection.message, now=timezone.now())
    return rejection


def readings_rate_check(*, source: DataSource, now: dt.datetime | None = None) -> None:
    """Refuse a source's request beyond its per-minute allowance, so one runaway system cannot starve the rest."""
    minute = int((now or timezone.now()).timestamp() // 60)
    key = f"monitoring:requests:{source.pk}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        count = 1
    if count > settings.GOVSTD_READINGS_REQUESTS_PER_MINUTE:
        raise RateLimited(_("Data source %(code)s sent more than %(limit)d requests this minute; try again shortly.")
                          % {"code": source.code, "limit": settings.GOVSTD_READINGS_REQUESTS_PER_MINUTE})
