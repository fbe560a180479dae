"""Compliance of 1,000 indicators over a year of daily rollups (issue 11: target ≤ 500 ms), beside a raw SQL
GROUP BY over the same rows in the same run.

``make bench`` calls :func:`compliance_benchmarks` on its database; ``python -m bench.compliance`` runs it
alone on a fresh SQLite file under bench/data/ (or BENCH_DATABASE_URL) and appends the result to RESULTS.md.
"""

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

INDICATORS = int(os.environ.get("BENCH_INDICATORS", "1000"))
DAYS = int(os.environ.get("BENCH_DAYS", "365"))


def _dataset() -> tuple[dt.datetime, dt.datetime, int]:
    """1,000 daily indicators on the catalog's standards (ten to a standard), each with a year of daily rollups.

    Made with bulk inserts: this is the data the ingestion keeps, not a test of the ingestion.
    """
    from django.utils import timezone

    from govstd.catalog.models import Standard
    from govstd.monitoring.models import Aggregate, Domain, Indicator, PeriodKind

    rng = random.Random(20261128)
    Aggregate.objects.filter(indicator__code__startswith="bench-").delete()
    Indicator.objects.filter(code__startswith="bench-").delete()
    standards = list(Standard.objects.order_by("id").values_list("id", flat=True)[: max(1, INDICATORS // 10)])
    kinds = [("le", "avg", 10.0), ("ge", "rate", 98.0), ("le", "sum", 150.0), ("range", "avg", None),
             ("eq", "rate", 100.0), ("ge", "min", 95.0), ("le", "max", 60.0), ("le", "last", 5.0)]
    indicators = []
    for n in range(INDICATORS):
        comparison, aggregation, target = kinds[n % len(kinds)]
        bounds = {"target_low": 24.0, "target_high": 28.0} if comparison == "range" else {"target": target}
        indicators.append(Indicator(code=f"bench-{n:05d}", standard_id=standards[n % len(standards)], name=f"指标{n}",
                                    unit="x", comparison=comparison, aggregation=aggregation, period=PeriodKind.DAY,
                                    domain=Domain.values[n % len(Domain.values)], **bounds))
    Indicator.objects.bulk_create(indicators, batch_size=500)
    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(timezone.localdate() - dt.timedelta(days=DAYS), dt.time.min, tzinfo=zone)
    rows = []
    for indicator in Indicator.objects.filter(code__startswith="bench-"):
        for day in range(DAYS):
            count = rng.randint(1, 48)
            mean = {"avg": rng.uniform(5, 15), "rate": rng.uniform(0.9, 1.0), "sum": rng.uniform(2, 4),
                    "min": rng.uniform(90, 100), "max": rng.uniform(40, 80), "last": rng.uniform(0, 10)}
            low = mean[indicator.aggregation] * 0.8
            high = mean[indicator.aggregation] * 1.2
            start = first + dt.timedelta(days=day)
            rows.append(Aggregate(indicator_id=indicator.pk, period=PeriodKind.DAY, period_start=start, count=count,
                                  sum=mean[indicator.aggregation] * count, min=low, max=high,
                                  last_value=rng.uniform(low, high), last_time=start + dt.timedelta(hours=23)))
            if len(rows) == 20_000:
                Aggregate.objects.bulk_create(rows)
                rows = []
    Aggregate.objects.bulk_create(rows)
    return first, first + dt.timedelta(days=DAYS), len(standards)


def compliance_benchmarks() -> list[tuple[str, str, str, str]]:
    from django.db import connection

    from bench.run import p95, timings
    from govstd.monitoring.compliance import compliance_by_standard, compliance_over_time
    from govstd.monitoring.models import Aggregate

    since, until, standards = _dataset()
    rows = compliance_by_standard(since=since, until=until)
    assert sum(r.evaluated for r in rows) >= INDICATORS * DAYS, "every rollup counted (and the demo's)"
    runs = timings(lambda: compliance_by_standard(since=since, until=until), 10)

    prep = Aggregate._meta.get_field("period_start").get_db_prep_value
    bounds = [prep(since, connection), prep(until, connection)]

    def raw_group_by():
        with connection.cursor() as cursor:
            cursor.execute("SELECT i.standard_id, COUNT(*) FROM monitoring_aggregate a JOIN monitoring_indicator i "
                           "ON i.id = a.indicator_id WHERE a.period = 'day' AND a.period_start >= %s "
                           "AND a.period_start < %s GROUP BY i.standard_id", bounds)
            assert sum(n for _, n in cursor.fetchall()) >= INDICATORS * DAYS  # and the demo's daily rollups

    raw = timings(raw_group_by, 10)
    one = rows[0].standard_id
    monthly = timings(lambda: compliance_over_time(standard_id=one, since=since, until=until), 10)
    baseline = (f"raw SQL join + GROUP BY (count only) median {statistics.median(raw):.0f} ms → ratio "
                f"{statistics.median(runs) / statistics.median(raw):.2f}×")
    return [
        (f"compliance of {INDICATORS:,} indicators ({standards} standards) over {DAYS} days of daily rollups "
         f"({INDICATORS * DAYS:,} rows)", f"median {statistics.median(runs):.0f} ms, p95 {p95(runs):.0f} ms",
         baseline, "≤ 500 ms"),
        ("one standard's compliance per month over the same year", f"median {statistics.median(monthly):.0f} ms",
         "—", "—"),
    ]


def main() -> None:
    """Run alone: a fresh database with the demo catalog, then the compliance benchmark."""
    from bench.run import DATA, ROOT, machine

    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / "compliance.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}"),
           "GOVSTD_VAR_DIR": str(DATA), "DJANGO_SETTINGS_MODULE": "govstd.settings",
           "GOVSTD_SECRET_KEY": os.environ.get("GOVSTD_SECRET_KEY", "bench-only-not-a-secret")}
    os.environ.update(env)
    govstd = [sys.executable, "-m", "govstd"]
    subprocess.run([*govstd, "migrate", "-v", "0", "--no-input"], env=env, check=True, cwd=ROOT.parent)
    subprocess.run([*govstd, "demo"], env=env, check=True, cwd=ROOT.parent, capture_output=True)

    import django

    django.setup()
    from django.db import connection

    results = compliance_benchmarks()
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M %Z')} — {connection.vendor}, compliance (bench.compliance)", "",
             f"Machine: {machine()}", "", "| benchmark | result | baseline (same run) | target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in results]
    text = "\n".join(lines) + "\n"
    print(text)
    with (ROOT / "RESULTS.md").open("a") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
