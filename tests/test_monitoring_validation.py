"""The batch check accepts exactly what the per-reading rule accepts (R-M-2, R-M-4).

``readings_check`` takes the usual reading inline, for speed, and hands every other one to
``reading_check``, the rule that explains refusals; these tests hold the two to the same answers.
"""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from govstd.monitoring.models import Indicator, RejectReason
from govstd.monitoring.validation import Rejection, Window, reading_check, readings_check

NOW = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)
WINDOW = Window(earliest=NOW - dt.timedelta(days=30), latest=NOW + dt.timedelta(minutes=5))
INDICATORS = {
    "minutes": Indicator(pk=1, code="minutes", unit="min", aggregation=Indicator.Aggregation.AVERAGE),
    "on-time": Indicator(pk=2, code="on-time", unit="%", aggregation=Indicator.Aggregation.RATE),
}
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def one_by_one(items: list, **options) -> tuple[dict, list[Rejection]]:
    """What the per-reading rule says of a batch, with the batch's duplicate rule after it."""
    good: dict = {}
    refused: list[Rejection] = []
    for index, item in enumerate(items):
        checked = reading_check(item, index=index, indicators=INDICATORS, window=WINDOW, **options)
        if isinstance(checked, Rejection):
            refused.append(checked)
        elif (checked[0].pk, checked[1]) in good:
            refused.append(Rejection(index, RejectReason.DUPLICATE, "duplicate"))
        else:
            good[(checked[0].pk, checked[1])] = checked[2]
    return good, refused


moments = st.datetimes(min_value=dt.datetime(2026, 10, 1), max_value=dt.datetime(2026, 12, 1),
                       timezones=st.sampled_from([dt.UTC, SHANGHAI]))
# Each strategy is one_of(the usual, the odd): half the readings are usual, so the inline path is tried
# often; the odd ones are each of the ways a reading goes wrong.
times = st.one_of(
    st.datetimes(min_value=dt.datetime(2026, 10, 29), max_value=dt.datetime(2026, 11, 27),
                 timezones=st.sampled_from([dt.UTC, SHANGHAI])).map(dt.datetime.isoformat),
    st.one_of(
        moments.map(dt.datetime.isoformat),  # in or out of the window
        moments.map(lambda m: m.replace(tzinfo=None).isoformat()),  # no offset
        moments.map(lambda m: f" {m.isoformat()} "),  # padded
        moments.map(lambda m: m.isoformat().replace("+00:00", "Z")),
        moments,  # a datetime object, as a file's cell gives it
        st.sampled_from(["2026-11-27", "yesterday", "", "2026-11-27T10:00:00+08:00" + "0" * 20]),
        st.integers(), st.none()),
)
values = st.one_of(
    st.one_of(st.floats(min_value=-1e6, max_value=1e6), st.integers(-1000, 1000), st.sampled_from([0, 1, 0.0, 1.0])),
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-(10**400), max_value=10**400),
              st.sampled_from([True, False, None, "7", " 1,200.5 ", "nan", "1e999", [1]])),
)
codes = st.one_of(st.sampled_from(["minutes", "on-time"]),
                  st.one_of(st.sampled_from(["unknown", ""]), st.integers(), st.none(), st.just(["minutes"])))
units = st.sampled_from(["min", "%", "h", None, 3])
usual = st.fixed_dictionaries({"indicator": codes, "ts": times, "value": values})
items = st.one_of(
    usual, usual, st.fixed_dictionaries({"indicator": codes, "ts": times, "value": values, "unit": units}),
    st.one_of(st.fixed_dictionaries({"indicator": codes, "ts": times, "value": values, "extra": st.none()}),
              st.fixed_dictionaries({"indicator": codes, "value": values}),
              st.lists(st.integers(), max_size=2), st.none(), st.text(max_size=3)),
)


@settings(max_examples=400)
@given(st.lists(items, max_size=8), st.booleans(), st.booleans())
def test_the_batch_check_gives_the_per_reading_rules_answers(batch, text_values, naive_allowed):
    """R-M-4: the same readings kept, the same refused with the same reason, place and message."""
    options = {"text_values": text_values, "naive_timezone": SHANGHAI if naive_allowed else None}
    good, refused = readings_check(batch, indicators=INDICATORS, window=WINDOW, **options)
    expected_good, expected_refused = one_by_one(batch, **options)
    assert good == expected_good
    assert [(r.index, r.reason) for r in refused] == [(r.index, r.reason) for r in expected_refused]
    assert [r.message for r in refused if r.reason != RejectReason.DUPLICATE] == [
        r.message for r in expected_refused if r.reason != RejectReason.DUPLICATE]


def test_a_reading_twice_in_a_batch_is_kept_once_whatever_its_offset():
    """R-M-4: the same instant written in two time zones is one reading."""
    at = NOW - dt.timedelta(hours=1)
    batch = [{"indicator": "minutes", "ts": at.isoformat(), "value": 3},
             {"indicator": "minutes", "ts": at.astimezone(SHANGHAI).isoformat(), "value": 4}]
    good, refused = readings_check(batch, indicators=INDICATORS, window=WINDOW)
    assert good == {(1, at): 3.0}
    assert [(r.index, r.reason) for r in refused] == [(1, RejectReason.DUPLICATE)]


def test_an_integer_too_large_for_a_float_is_refused_not_raised():
    """R-M-4: a value of four hundred digits is not a number the platform can keep."""
    batch = [{"indicator": "minutes", "ts": (NOW - dt.timedelta(hours=1)).isoformat(), "value": 10**400}]
    good, refused = readings_check(batch, indicators=INDICATORS, window=WINDOW)
    assert good == {} and [r.reason for r in refused] == [RejectReason.NON_NUMERIC]
