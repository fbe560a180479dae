"""POST /api/v1/readings: batches from application systems, one token per data source (R-M-2),
bad bodies and readings refused with the platform's error shape and counted (R-M-4)."""

import datetime as dt

import pytest
from django.utils import timezone

from govstd.monitoring.models import DataSource, Reading, RejectCount
from govstd.monitoring.services import data_source_token_issue

from .monitoring_support import monitoring_fixture, payload, reading  # noqa: F401

MEETING = "meeting-booking-minutes"


@pytest.fixture
def post(client, monitoring, admin):
    token = data_source_token_issue(source=monitoring["sources"]["meeting-booking-system"], acting_user=admin)

    def call(body: bytes, *, bearer: str | None = token):
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        return client.post("/api/v1/readings", data=body, content_type="application/json", headers=headers)

    call.token = token
    return call


def recent(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def rejects() -> dict[str, int]:
    return dict(RejectCount.objects.values_list("reason", "count"))


def test_a_good_batch_is_stored_under_the_tokens_source(post):
    """R-M-2: the token names the source; the answer reports what was stored."""
    response = post(payload(reading(MEETING, recent(3), 4), reading(MEETING, recent(2), 8)))
    assert response.status_code == 200, response.content
    assert response.json() == {"source": "meeting-booking-system", "received": 2, "stored": 2, "rejected": {},
                               "problems": []}
    assert set(Reading.objects.values_list("source__code", flat=True)) == {"meeting-booking-system"}


def test_bad_readings_in_a_batch_are_listed_by_index_and_the_good_ones_stored(post):
    """R-M-4: partial acceptance — each refused reading named by its position and reason."""
    body = payload(reading(MEETING, recent(3), 4), reading(MEETING, recent(2), "x"), reading("nope", recent(1), 1))
    response = post(body)
    data = response.json()
    assert response.status_code == 200
    assert (data["stored"], data["rejected"]) == (1, {"non_numeric": 1, "unknown_indicator": 1})
    assert [(p["index"], p["reason"]) for p in data["problems"]] == [(1, "non_numeric"), (2, "unknown_indicator")]
    again = post(body).json()  # the same batch posted twice: nothing stored twice
    assert (again["stored"], again["rejected"]["duplicate"]) == (0, 1)
    assert Reading.objects.count() == 1


@pytest.mark.parametrize("bearer", [None, "not-a-token"])
def test_without_a_valid_source_token_401(post, bearer):
    response = post(payload(reading(MEETING, recent(1), 1)), bearer=bearer)
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "field"}
    assert not Reading.objects.exists()


def test_a_bad_token_is_counted_as_an_unknown_source(post):
    post(payload(reading(MEETING, recent(1), 1)), bearer="guessed")
    assert rejects() == {"unknown_source": 1}


def test_a_retired_source_or_a_replaced_token_stops_working(post, monitoring, admin):
    source = monitoring["sources"]["meeting-booking-system"]
    new_token = data_source_token_issue(source=source, acting_user=admin)
    assert post(payload(reading(MEETING, recent(1), 1))).status_code == 401  # the old token
    assert post(payload(reading(MEETING, recent(1), 1)), bearer=new_token).status_code == 200
    DataSource.objects.filter(pk=source.pk).update(status=DataSource.Status.RETIRED)
    assert post(payload(reading(MEETING, recent(2), 1)), bearer=new_token).status_code == 401


@pytest.mark.parametrize("body", [b"{not json", b'{"readings": 5}', b'{"rows": []}'])
def test_a_malformed_body_is_400_with_the_error_shape_and_counted(post, body):
    response = post(body)
    assert response.status_code == 400
    assert response.json()["code"] == "validation" and response.json()["field"] == "readings"
    assert rejects() == {"malformed": 1}


def test_an_oversize_body_is_413_and_counted(post, settings):
    settings.GOVSTD_READINGS_MAX_BYTES = 1000
    response = post(payload(*[reading(MEETING, recent(n), n) for n in range(1, 40)]))
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert rejects() == {"oversize": 1} and not Reading.objects.exists()


def test_too_many_requests_from_one_source_429(post, settings):
    settings.GOVSTD_READINGS_REQUESTS_PER_MINUTE = 2
    statuses = [post(payload(reading(MEETING, recent(n), 1))).status_code for n in (1, 2, 3)]
    assert statuses == [200, 200, 429]


def test_the_openapi_schema_declares_the_endpoint(client, db):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/readings"]["post"]
    assert {"200", "400", "401", "413", "429"} <= set(operation["responses"])
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["readings"]["items"]["required"] == ["indicator", "ts", "value"]
    assert operation["security"] == [{"SourceToken": []}]


def test_a_flood_of_bad_tokens_writes_the_database_once_a_minute_and_loses_no_count(post, monitoring):
    """R-M-4: bad tokens are counted in the cache before anything touches the database; the first refusal
    of each minute writes the tally, so a flood cannot queue unbounded writes on the counter row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from govstd.monitoring.services import source_for_token

    minute = timezone.now().replace(second=5, microsecond=0)
    with CaptureQueriesContext(connection) as queries:
        for n in range(200):
            assert source_for_token(token=f"guess-{n}", now=minute + dt.timedelta(seconds=n % 50)) is None
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert sum("INSERT" in sql for sql in writes) == 1
    assert rejects() == {"unknown_source": 1}  # the first one, at once
    source_for_token(token="late", now=minute + dt.timedelta(minutes=1))
    assert rejects() == {"unknown_source": 201}  # the rest of the flood with the next minute's first
    assert source_for_token(token=post.token) is not None
