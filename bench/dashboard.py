"""`make bench-dashboard`: the large screen's endpoints over 10 million readings (issue 11: p95 ≤ 200 ms).

A year of readings for the demo's eight indicators is stored as the ingestion service stores them
(the readings by executemany/COPY, each day's batch folded into the hour, day and month rollups by
``rollups_merge``), then every endpoint the screen polls is timed through Django's test client with a
signed-in leader. The baseline, measured in the same run, is what the indicators tile would cost
without rollups: one GROUP BY over the raw readings of each indicator's current period.
``BENCH_READINGS=1000000`` for a quick run; the database is a SQLite file under bench/data/ unless
BENCH_DATABASE_URL names another, and it is kept, so a second run skips the loading.
"""

import datetime as dt
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.run import DATA, ROOT, machine, p95, timings

READINGS = int(os.environ.get("BENCH_READINGS", "10000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "60"))


def load(readings: int) -> float:
    """Store ``readings`` readings over the last year, a day a batch; return the seconds it took."""
    from django.db import transaction
    from django.utils import timezone

    from govstd.bulk import insert_rows
    from govstd.monitoring.models import DataSource, Reading
    from govstd.monitoring.rollups import folds, rollups_merge
    from govstd.monitoring.simulator import Simulator, profile_for

    simulator = Simulator(seed=1, faulty=0)
    pairs = [(source, indicator) for source in DataSource.objects.order_by("code")
             for indicator in simulator.indicators[source.code]]
    days = 365
    per_pair_day = max(1, readings // (days * len(pairs)))
    spacing = 86400 / per_pair_day
    end = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
    start = end - dt.timedelta(days=days)
    rng = random.Random(1)
    started = time.perf_counter()
    for day in range(days):
        day_start = start + dt.timedelta(days=day)
        rows = []
        for source, indicator in pairs:
            profile = profile_for(indicator)
            bad = simulator.bad_day(indicator.code, day_start.date())
            for n in range(per_pair_day):
                moment = day_start + dt.timedelta(seconds=int(n * spacing))
                rows.append((source.pk, indicator.pk, moment,
                             profile.value(timezone.localtime(moment), bad, rng, spacing / 3600)))
        with transaction.atomic():
            insert_rows(Reading, ("source", "indicator", "time", "value"), rows)
            rollups_merge(folds([(i, t, v) for _, i, t, v in rows]))
        if day % 30 == 0:
            print(f"  day {day}/{days}: {Reading.objects.count() if day == 0 else (day + 1) * len(rows):,} readings",
                  flush=True)
    DataSource.objects.update(last_seen_at=end)
    return time.perf_counter() - started


def raw_indicator_figures() -> None:
    """The baseline: each indicator's current period straight from the readings (what the rollups save)."""
    from django.db.models import Avg, Count, Max, Sum
    from django.utils import timezone

    from govstd.monitoring.models import Indicator, Reading
    from govstd.monitoring.rollups import period_start

    now = timezone.now()
    for indicator in Indicator.objects.all():
        since = period_start(now - dt.timedelta(days=31 if indicator.period == "month" else 1), indicator.period)
        list(Reading.objects.filter(indicator=indicator, time__gte=since).aggregate(
            n=Count("id"), s=Sum("value"), a=Avg("value"), m=Max("value")).values())


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / f"dashboard_{READINGS}.sqlite3"
    env = {**os.environ, "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}"),
           "GOVSTD_VAR_DIR": str(DATA), "DJANGO_SETTINGS_MODULE": "govstd.settings",
           "GOVSTD_SECRET_KEY": os.environ.get("GOVSTD_SECRET_KEY", "bench-only-not-a-secret"),
           "GOVSTD_ALLOWED_HOSTS": "testserver"}
    os.environ.update(env)
    fresh = "BENCH_DATABASE_URL" in os.environ or not database.exists()
    govstd = [sys.executable, "-m", "govstd"]
    subprocess.run([*govstd, "migrate", "-v", "0", "--no-input"], env=env, check=True, cwd=ROOT.parent)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from govstd.accounts.models import User
    from govstd.monitoring.models import Reading

    loaded = Reading.objects.count()
    if fresh or loaded < READINGS * 0.9:
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 — the demo's chatter is not the bench's
        Reading.objects.all().delete()
        from govstd.monitoring.models import Aggregate

        Aggregate.objects.all().delete()
        print(f"loading {READINGS:,} readings …", flush=True)
        seconds = load(READINGS)
        loaded = Reading.objects.count()
        print(f"loaded {loaded:,} readings in {seconds:.0f} s ({loaded / seconds:,.0f}/s)", flush=True)

    client = Client()
    client.force_login(User.objects.get(username="lingdao"))
    results = []
    for name in ("standards", "pipeline", "indicators", "units", "deadlines"):
        url = f"/api/v1/dashboard/{name}"
        assert client.get(url).status_code == 200
        values = timings(lambda url=url: client.get(url), REPEAT)
        results.append((f"GET {url}", values))
    baseline = timings(raw_indicator_figures, max(5, REPEAT // 6))
    lines = [f"\n## Dashboard endpoints over {loaded:,} readings — {time.strftime('%Y-%m-%d %H:%M')}",
             f"\n{machine()}; database {'PostgreSQL' if 'postgres' in env['DATABASE_URL'] else 'SQLite'}; "
             f"{REPEAT} requests each, signed in as the leader\n",
             "| endpoint | p50 ms | p95 ms | target |", "|---|---|---|---|"]
    for label, values in results:
        values.sort()
        lines.append(f"| {label} | {values[len(values) // 2]:.1f} | {p95(values):.1f} | ≤ 200 ms p95 |")
    baseline.sort()
    lines.append(f"| baseline: the indicators' current periods from the raw readings (no rollups) | "
                 f"{baseline[len(baseline) // 2]:.1f} | {p95(baseline):.1f} | — |")
    text = "\n".join(lines) + "\n"
    print(text)
    with Path(ROOT / "RESULTS.md").open("a", encoding="utf-8") as results_file:
        results_file.write(text)


if __name__ == "__main__":
    main()
