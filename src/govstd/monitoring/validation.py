"""Check every reading once, whatever channel brought it (R-M-2, R-M-4).

The payload schema (README, "Readings"): a JSON object ``{"readings": [...]}``, a list, or a
single reading; each reading is ``{"indicator": "<code>", "ts": "<ISO-8601 with offset>",
"value": <number>, "unit": "<optional, must equal the indicator's unit>"}``. Anything else is
refused with a :class:`~govstd.monitoring.models.RejectReason`, never stored and never raised.
"""

import datetime as dt
import json
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Indicator, RejectReason

READING_KEYS = frozenset({"indicator", "ts", "value", "unit"})


@dataclass(frozen=True)
class Rejection:
    """Why one reading (by its position in the batch, None for the whole payload) was refused."""

    index: int | None
    reason: RejectReason
    message: str

    def as_dict(self) -> dict:
        return {"index": self.index, "reason": str(self.reason), "message": self.message}


class PayloadRejected(Exception):
    """The whole payload is unusable: too large, not JSON, or not shaped like readings."""

    def __init__(self, reason: RejectReason, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Window:
    """The times a reading may carry: not after ``latest`` (now plus clock skew), not before ``earliest``."""

    earliest: dt.datetime
    latest: dt.datetime


def _no_constant(name: str):
    raise ValueError(name)


def payload_decode(raw: bytes | str, *, max_bytes: int, max_readings: int, envelope: bool = False) -> list:
    """Turn a payload into a list of reading items, or refuse it whole.

    ``envelope`` requires the ``{"readings": [...]}`` form (the HTTP body, as its OpenAPI schema says).
    """
    size = len(raw)
    if size > max_bytes:
        raise PayloadRejected(RejectReason.OVERSIZE,
                              _("The payload is %(size)d bytes; at most %(limit)d are accepted.")
                              % {"size": size, "limit": max_bytes})
    try:
        # NaN and Infinity are not JSON; Python's parser would take them.
        data = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise PayloadRejected(RejectReason.MALFORMED, _("The payload is not valid UTF-8 JSON.")) from None
    if isinstance(data, dict) and "readings" in data:
        if set(data) != {"readings"} or not isinstance(data["readings"], list):
            raise PayloadRejected(RejectReason.MALFORMED,
                                  _('The payload object must hold only "readings", a list.'))
        data = data["readings"]
    elif envelope:
        raise PayloadRejected(RejectReason.MALFORMED, _('The body must be {"readings": [...]}.'))
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise PayloadRejected(RejectReason.MALFORMED, _("The payload must be a reading, a list of readings or "
                                                        '{"readings": [...]}.'))
    if len(data) > max_readings:
        raise PayloadRejected(RejectReason.OVERSIZE,
                              _("The payload holds %(count)d readings; at most %(limit)d are accepted per batch.")
                              % {"count": len(data), "limit": max_readings})
    return data


def _time(value, *, naive_timezone: dt.tzinfo | None) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str) and 10 <= len(value) <= 40:
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        if naive_timezone is None:
            return None
        moment = moment.replace(tzinfo=naive_timezone)
    return moment.astimezone(dt.UTC)


def _number(value, *, text_allowed: bool) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits: no float holds it
            return None
    elif text_allowed and isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except (ValueError, OverflowError):
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def reading_check(item, *, index: int, indicators: dict[str, Indicator], window: Window,
                  naive_timezone: dt.tzinfo | None = None,
                  text_values: bool = False) -> tuple[Indicator, dt.datetime, float] | Rejection:
    """Return ``(indicator, time in UTC, value)`` for a good reading, or why it is refused.

    ``naive_timezone`` reads a time without offset in that zone (files, where people write local
    time); the JSON channels require the offset. ``text_values`` lets a file's cell hold the number as text.
    """
    if not isinstance(item, dict) or not {"indicator", "ts", "value"} <= item.keys() or not item.keys() <= READING_KEYS:
        return Rejection(index, RejectReason.MALFORMED,
                         _('A reading is an object with "indicator", "ts", "value" and optionally "unit".'))
    code = item["indicator"]
    indicator = indicators.get(code) if isinstance(code, str) else None
    if indicator is None:
        return Rejection(index, RejectReason.UNKNOWN_INDICATOR,
                         _("No active indicator has the code %(code)s.") % {"code": str(code)[:60]})
    unit = item.get("unit")
    if unit is not None and unit != indicator.unit:
        return Rejection(index, RejectReason.WRONG_UNIT, _("Indicator %(code)s is measured in %(unit)s, not %(given)s.")
                         % {"code": code, "unit": indicator.unit, "given": str(unit)[:20]})
    value = _number(item["value"], text_allowed=text_values)
    if value is None:
        return Rejection(index, RejectReason.NON_NUMERIC,
                         _("The value %(value)s is not a finite number.") % {"value": str(item["value"])[:40]})
    if indicator.aggregation == Indicator.Aggregation.RATE and value not in (0.0, 1.0):
        return Rejection(index, RejectReason.OUT_OF_RANGE,
                         _("Indicator %(code)s counts outcomes: each reading is 1 (met) or 0 (not met).")
                         % {"code": code})
    moment = _time(item["ts"], naive_timezone=naive_timezone)
    if moment is None:
        return Rejection(index, RejectReason.BAD_TIMESTAMP,
                         _("The time %(ts)s is not an ISO-8601 date and time with a UTC offset.")
                         % {"ts": str(item["ts"])[:40]})
    if moment > window.latest:
        return Rejection(index, RejectReason.FUTURE_TIMESTAMP,
                         _("The time %(ts)s is in the future.") % {"ts": moment.isoformat()})
    if moment < window.earliest:
        return Rejection(index, RejectReason.TOO_OLD,
                         _("The time %(ts)s is older than the retention window.") % {"ts": moment.isoformat()})
    return indicator, moment, value


def readings_check(items: list, *, indicators: dict[str, Indicator], window: Window,
                   naive_timezone: dt.tzinfo | None = None,
                   text_values: bool = False) -> tuple[dict[tuple[int, dt.datetime], float], list[Rejection]]:
    """Check a batch: return its good readings as ``{(indicator id, time in UTC): value}`` and the refused ones.

    A reading whose indicator and time appear earlier in the batch is refused as a duplicate. The
    usual reading (an object of the three or four keys, a known code, a number, an ISO time with
    its offset) is accepted inline, without a call per reading: batches of thousands arrive many
    times a second (R-M-2). Every other one is judged by :func:`reading_check`, the rule that
    explains each refusal; the inline test accepts only what that rule accepts (tested).
    """
    rate = Indicator.Aggregation.RATE
    known = {code: (indicator.pk, indicator.unit, indicator.aggregation == rate)
             for code, indicator in indicators.items()}
    earliest, latest = window.earliest, window.latest
    parse, utc, isfinite = dt.datetime.fromisoformat, dt.UTC, math.isfinite
    good: dict[tuple[int, dt.datetime], float] = {}
    refused: list[Rejection] = []
    for index, item in enumerate(items):
        if item.__class__ is dict and (len(item) == 3 or (len(item) == 4 and "unit" in item)):
            code, ts, value = item.get("indicator"), item.get("ts"), item.get("value")
            known_as = known.get(code) if code.__class__ is str else None
            if (known_as is not None and ts.__class__ is str and 10 <= len(ts) <= 40
                    and ((value.__class__ is float and isfinite(value))
                         or (value.__class__ is int and -1e308 < value < 1e308))
                    and (not known_as[2] or value in (0, 1))
                    and ((unit := item.get("unit")) is None or unit == known_as[1])):
                try:
                    moment = parse(ts)
                except ValueError:
                    moment = None
                # fromisoformat gives a fixed offset or none: with a tzinfo, the offset is known.
                if moment is not None and moment.tzinfo is not None:
                    moment = moment.astimezone(utc)
                    if earliest <= moment <= latest:
                        key = (known_as[0], moment)
                        if key not in good:
                            good[key] = float(value)
                            continue
                        refused.append(Rejection(index, RejectReason.DUPLICATE,
                                                 _("The same reading appears earlier in this batch.")))
                        continue
        checked = reading_check(item, index=index, indicators=indicators, window=window,
                                naive_timezone=naive_timezone, text_values=text_values)
        if isinstance(checked, Rejection):
            refused.append(checked)
            continue
        indicator, moment, value = checked
        key = (indicator.pk, moment)
        if key in good:
            refused.append(Rejection(index, RejectReason.DUPLICATE,
                                     _("The same reading appears earlier in this batch.")))
        else:
            good[key] = value
    return good, refused
