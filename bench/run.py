"""`make bench`: the benchmarks of the catalog, each next to a baseline measured in the same run.

Results are printed and appended to bench/RESULTS.md with the machine they ran on. The database
is a separate SQLite file under bench/data/ unless BENCH_DATABASE_URL names another.
"""

import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
ROWS = int(os.environ.get("BENCH_ROWS", "200000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "2000"))


def child(function: str, argument: str, env: dict) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.children", function, argument], env=env, check=True,
                            capture_output=True, text=True, cwd=ROOT.parent).stdout
    return json.loads(output.strip().splitlines()[-1])


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{model}, {os.cpu_count()} cores{memory}, {system}"


def timings(function, repeat: int) -> list[float]:
    values = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        values.append((time.perf_counter() - start) * 1000)
    return values


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def import_benchmark(source: Path, env: dict) -> tuple[str, str, str, str]:
    """The Table 1 import against a bare python-calamine pass over the same file (issue 7 item 7).

    The machine is shared, so the calamine pass runs just before and just after the import and
    the ratio uses their mean; openpyxl's read-only pass (the former baseline) is shown beside it
    unless BENCH_OPENPYXL=0.
    """
    before = child("calamine_pass", str(source), env)
    writes = child("bare_writes", str(source), env)
    imported = child("platform_import", str(source), env)
    after = child("calamine_pass", str(source), env)
    assert imported["created"] == ROWS and imported["problems"] == 0, imported
    calamine = (before["seconds"] + after["seconds"]) / 2
    calamine_cpu = (before["cpu_seconds"] + after["cpu_seconds"]) / 2
    import_cpu = imported["cpu_seconds"] + imported["parser_cpu_seconds"]
    # No row can be written before calamine has loaded the sheet, so the load and the bare writes,
    # one after the other, are the least an import of these rows can take.
    floor = calamine + writes["seconds"]
    baseline = (f"bare python-calamine pass {calamine:.1f} s ({before['seconds']:.1f} before, "
                f"{after['seconds']:.1f} after) → ratio {imported['seconds'] / calamine:.2f}×; CPU: calamine "
                f"{calamine_cpu:.1f} s, import {imported['cpu_seconds']:.1f} s + parser child "
                f"{imported['parser_cpu_seconds']:.1f} s → ratio {import_cpu / calamine_cpu:.2f}×; bare writes of "
                f"the same rows {writes['seconds']:.1f} s (CPU {writes['cpu_seconds']:.1f} s), so calamine pass + "
                f"bare writes {floor:.1f} s = {floor / calamine:.2f}× the pass → import ÷ that floor "
                f"{imported['seconds'] / floor:.2f}×")
    if os.environ.get("BENCH_OPENPYXL", "1") != "0":
        openpyxl = child("openpyxl_pass", str(source), env)
        baseline += (f"; openpyxl read-only pass {openpyxl['seconds']:.1f} s → ratio "
                     f"{imported['seconds'] / openpyxl['seconds']:.2f}×")
    return (f"import {ROWS:,}-row Table 1 .xlsx",
            f"{imported['seconds']:.1f} s, peak {imported['peak_mb']:.0f} MB (parser child "
            f"{imported.get('parser_peak_mb', 0):.0f} MB)",
            baseline, "≤ 2.5×, ≤ 600 MB")


def lifecycle_benchmarks(env: dict) -> list[tuple[str, str, str, str]]:
    """Table D.1 for 2,000 comments, and the periodic review scan over the whole catalog (clause 7)."""
    import io

    from django.db import connection
    from django.utils import timezone
    from openpyxl import Workbook

    from govstd.accounts.models import User
    from govstd.catalog.selectors.review_due import review_due_summary
    from govstd.lifecycle.demo_data import project_walk, proposal_values
    from govstd.lifecycle.selectors.periodic_reviews import standards_due_for_review
    from govstd.lifecycle.services.comment_import import comments_import
    from govstd.lifecycle.services.proposal import project_create
    from govstd.lifecycle.states import Stage

    office, drafter, expert = (User.objects.get(username=n) for n in ("biaozhunhua", "qicao", "zhuanjia"))
    project = project_create(acting_user=drafter, **proposal_values("基准测试项目", "智慧会议标准", level="local"))
    project_walk(project, Stage.COMMENTING, office=office, drafter=drafter, expert=expert, comments=[])
    book = Workbook()
    book.active.append(["章条编号", "意见内容", "提出单位", "来源", "处理意见", "备注"])
    for n in range(COMMENTS):
        disposition = ("采纳", "部分采纳", "不采纳")[n % 3]
        book.active.append([f"{n % 9 + 1}.{n % 7 + 1}", f"第{n + 1}条意见：" + "建议进一步明确相关要求。" * 4,
                            f"单位{n % 50}", "公众" if n % 4 == 0 else "单位", disposition,
                            "" if disposition == "采纳" else "理由见编制说明"])
    buffer = io.BytesIO()
    book.save(buffer)
    comments_import(project=project, acting_user=drafter, source=buffer.getvalue(), file_name="bench.xlsx")
    d1 = child("comment_table_docx", str(project.pk), env)
    bare = child("bare_docx_table", str(COMMENTS), env)
    results = [(f"Table D.1 (.docx) for {COMMENTS:,} comments",
                f"{d1['seconds']:.2f} s, peak {d1['peak_mb']:.0f} MB",
                f"python-docx bare {COMMENTS:,}-row table {bare['seconds']:.2f} s → ratio "
                f"{d1['seconds'] / bare['seconds']:.2f}×", "≤ 3 s")]

    today = timezone.localdate()
    columns = ("id", "number", "title", "issue_date", "implementation_date", "last_reviewed_on")

    def scan():
        rows = list(standards_due_for_review(today=today).values_list(*columns))
        review_due_summary(today=today)
        return rows

    due = len(scan())
    scans = timings(scan, 5)

    def raw_read():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, number, title, issue_date, implementation_date, last_reviewed_on "
                           "FROM catalog_standard")
            cursor.fetchall()

    raw = timings(raw_read, 5)
    results.append((f"periodic review scan over {ROWS:,} standards ({due:,} due)",
                    f"median {statistics.median(scans):.0f} ms",
                    f"raw SQL read of the table median {statistics.median(raw):.0f} ms → ratio "
                    f"{statistics.median(scans) / statistics.median(raw):.2f}×", "≤ 1 s"))
    return results


def home_page_benchmarks() -> list[tuple[str, str, str, str]]:
    """The home page at ROWS standards for the standardization office (every panel shown): cold, the
    first request after a catalog change (the facts are recomputed), and warm (served from the
    cache), beside the Table 1 first page and a raw COUNT(*) timed in the same run (R-6.5-1)."""
    from django.db import connection
    from django.test import Client

    from govstd.accounts.models import User
    from govstd.catalog.services.revision import catalog_revision_bump
    from govstd.notifications.services import reminders_compute

    reminders_compute()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="biaozhunhua"))
    assert client.get("/").status_code == 200 and client.get("/standards/").status_code == 200

    def cold():
        catalog_revision_bump()  # outside a transaction: the revision moves at once, as after a commit
        client.get("/")

    cold_ms = timings(cold, 15)
    warm_ms = timings(lambda: client.get("/"), 50)
    table1 = timings(lambda: client.get("/standards/"), 20)

    def raw_count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM catalog_standard")
            cursor.fetchall()

    raw = timings(raw_count, 20)
    baseline = (f"Table 1 first page median {statistics.median(table1):.1f} ms; raw COUNT(*) median "
                f"{statistics.median(raw):.2f} ms")
    return [
        (f"home page at {ROWS:,} standards, warm (facts cached)",
         f"median {statistics.median(warm_ms):.1f} ms, p95 {p95(warm_ms):.1f} ms", baseline, "≤ 150 ms"),
        (f"home page at {ROWS:,} standards, cold (first request after a change)",
         f"median {statistics.median(cold_ms):.1f} ms, p95 {p95(cold_ms):.1f} ms", baseline, "≤ 150 ms"),
    ]


def export_benchmarks(env: dict) -> list[tuple[str, str, str, str]]:
    """Table 1 of the whole catalog as .xlsx and PDF, each run as a background job runs it (issue 7).

    xlsx: beside a bare openpyxl write-only dump of the same rows read with plain SQL. PDF:
    beside WeasyPrint laying out one part of the same template, times the number of parts — the
    least a PDF in parts can cost; the difference is reading the rows, carrying rows over at each
    part's end, the footers and the joining. At some 80 rows a second it is the longest benchmark;
    BENCH_EXPORT_PDF=0 leaves it out of a run.
    """
    import math

    results = []
    xlsx = child("table1_export", "xlsx", env)
    bare = child("bare_xlsx_dump", "", env)
    results.append((f"Table 1 .xlsx export of {xlsx['rows']:,} rows (job)",
                    f"{xlsx['seconds']:.1f} s, peak {xlsx['peak_mb']:.0f} MB, {xlsx['bytes'] / 2**20:.1f} MB",
                    f"openpyxl write-only dump of the same rows {bare['seconds']:.1f} s, peak {bare['peak_mb']:.0f} MB "
                    f"→ ratio {xlsx['seconds'] / bare['seconds']:.2f}×", "≤ 2.5×, ≤ 300 MB"))
    if os.environ.get("BENCH_EXPORT_PDF", "1") == "0":
        return results
    pdf = child("table1_export", "pdf", env)
    part = child("bare_pdf_part", "", env)
    parts = math.ceil(pdf["rows"] / part["rows"])
    floor = part["seconds"] * parts
    results.append((f"Table 1 PDF export of {pdf['rows']:,} rows (job, parts of {part['rows']:,} rows)",
                    f"{pdf['seconds'] / 60:.1f} min, peak {pdf['peak_mb']:.0f} MB, {pdf['bytes'] / 2**20:.0f} MB",
                    f"WeasyPrint one part {part['seconds']:.1f} s ({part['pages']} pages, peak "
                    f"{part['peak_mb']:.0f} MB) × {parts} parts = {floor / 60:.1f} min → ratio "
                    f"{pdf['seconds'] / floor:.2f}×", "≤ 1.3×, ≤ 1 GB"))
    return results


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}"),
           "GOVSTD_VAR_DIR": str(DATA), "DJANGO_SETTINGS_MODULE": "govstd.settings",
           "GOVSTD_SECRET_KEY": os.environ.get("GOVSTD_SECRET_KEY", "bench-only-not-a-secret")}
    os.environ.update(env)
    govstd = [sys.executable, "-m", "govstd"]
    subprocess.run([*govstd, "migrate", "-v", "0", "--no-input"], env=env, check=True, cwd=ROOT.parent)
    subprocess.run([*govstd, "shell", "-c", "from govstd.accounts.demo_data import demo_users_create; "
                    "demo_users_create()"], env=env, check=True, cwd=ROOT.parent, capture_output=True)

    from bench.dataset import write_detail_table

    source = DATA / f"detail_{ROWS}.xlsx"
    if not source.exists():
        print(f"generating {source.name} …", flush=True)
        write_detail_table(source, ROWS)

    results: list[tuple[str, str, str, str]] = []

    results.append(import_benchmark(source, env))
    if os.environ.get("BENCH_ONLY") == "import":  # the import alone, e.g. while working on it
        _append_results(results, engine=_engine(env))
        return

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from govstd.accounts.models import User
    from govstd.catalog.models import SystemNode
    from govstd.catalog.selectors.statistics_table import statistics_by_level

    statistics_by_level()
    table2 = timings(statistics_by_level, 20)

    def raw_group_by():
        with connection.cursor() as cursor:
            cursor.execute("SELECT category_id, level, status, COUNT(*) FROM catalog_standard "
                           "GROUP BY category_id, level, status")
            cursor.fetchall()

    raw = timings(raw_group_by, 20)
    results.append((f"Table 2 over {ROWS:,} standards", f"median {statistics.median(table2):.1f} ms",
                    f"raw SQL GROUP BY median {statistics.median(raw):.1f} ms → ratio "
                    f"{statistics.median(table2) / statistics.median(raw):.2f}×", "≤ 100 ms"))

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="lingdao"))
    subsystem = SystemNode.objects.get(name="技术保障标准体系").pk
    urls = [f"/standards/?subsystem={subsystem}&status=current", "/standards/?level=local&q=智慧",
            "/standards/?q=数据 平台", "/standards/?year=2019&sort=-date", "/standards/"]
    for url in urls:
        assert client.get(url).status_code == 200
    per_request = [t for _ in range(10) for url in urls for t in timings(lambda url=url: client.get(url), 1)]
    raw_page = timings(lambda: list(connection.cursor().execute(
        "SELECT id FROM catalog_standard WHERE status = 'current' ORDER BY system_code LIMIT 50")), 20)
    results.append((f"Table 1 page (filtered, page 1) over {ROWS:,}",
                    f"median {statistics.median(per_request):.1f} ms, "
                    f"p95 {p95(per_request):.1f} ms", f"raw SQL first page median {statistics.median(raw_page):.1f} ms",
                    "p95 ≤ 150 ms"))

    results += lifecycle_benchmarks(env)
    results += home_page_benchmarks()
    results += export_benchmarks(env)

    from bench.compliance import compliance_benchmarks

    results += compliance_benchmarks()

    _append_results(results, engine=connection.vendor)


def _engine(env: dict) -> str:
    return "postgresql" if env["DATABASE_URL"].startswith(("postgres:", "postgresql:")) else "sqlite"


def _append_results(results: list[tuple[str, str, str, str]], *, engine: str) -> None:
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M %Z')} — {engine}, {ROWS:,} rows", "", f"Machine: {machine()}", "",
             "| benchmark | result | baseline (same run) | target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in results]
    text = "\n".join(lines) + "\n"
    print(text)
    results_file = ROOT / "RESULTS.md"
    if not results_file.exists():
        results_file.write_text("# Benchmark results\n\nAppended by `make bench` (bench/run.py).\n")
    with results_file.open("a") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
