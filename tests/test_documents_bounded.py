"""Uploaded workbooks are parsed in a child with a ceiling on memory and CPU (dengbao §4, availability;
R-6-IO Table 1 import, R-7.4-2 comment import — the drafting unit's door).

A 5 KB workbook that names cell XFD1048576 made python-calamine ask for 550 GB and abort the
worker; one naming Z2000000 took 1.6 GB. Now the child fails and the file is refused by name.
"""

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from govstd.accounts.roles import Role
from govstd.catalog.models import Standard
from govstd.catalog.services.standard_import import DETAIL_TABLE_SPEC, standards_import
from govstd.documents.bounded import BATCH, bounded_stream, parser_peak_bytes
from govstd.documents.table_files import open_table
from govstd.errors import FileRejected
from govstd.lifecycle.services.comment_import import COMMENT_TABLE_SPEC, comments_import
from govstd.lifecycle.states import Stage

from .bounded_probes import probe_ceilings, probe_clock, probe_memory
from .hostile_files import workbook_naming
from .lifecycle_factories import advance, new_project
from .test_import import GOOD, HEADER, xlsx

ROOT = Path(__file__).resolve().parents[1]
COMMENTS = [["章条编号", "意见内容", "提出单位"], ["5.1", "建议补充节能要求。", "福田区机关事务管理中心"]]


@pytest.mark.django_db
def test_a_workbook_naming_the_last_cell_is_refused_at_every_import_door(users, demo_catalog):
    """Table 1 import (office) and comment import (drafting unit): refused with the reason, nothing written,
    and this process — the worker — carries on and imports the next file."""
    before = Standard.objects.count()
    with pytest.raises(FileRejected, match="读取时超出上限"):
        standards_import(source=workbook_naming([HEADER, *GOOD], "XFD1048576"), file_name="表1.xlsx",
                         acting_user=users[Role.STANDARDIZATION_ADMIN])
    assert Standard.objects.count() == before
    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    with pytest.raises(FileRejected, match=r"意见\.xlsx 读取时超出上限"):
        comments_import(project=project, acting_user=users[Role.DRAFTER], file_name="意见.xlsx",
                        source=workbook_naming(COMMENTS, "XFD1048576"))
    assert not project.comments.exists()
    report = comments_import(project=project, acting_user=users[Role.DRAFTER], file_name="意见.xlsx",
                             source=xlsx(COMMENTS[1:], header=COMMENTS[0]))
    assert report.created == 1


def test_the_worker_stays_under_500_mb_while_the_parser_is_refused_at_its_ceiling(tmp_path):
    """The Z2000000 workbook (calamine alone: 1.6 GB) with a 400 MB ceiling: refused, the worker stays small.

    The parser's own peak cannot pass its address-space ceiling (the kernel refuses the allocation);
    ``test_the_parser_runs_under_its_ceilings`` shows the ceiling is set.
    """
    source = tmp_path / "表1.xlsx"
    source.write_bytes(workbook_naming([HEADER, *GOOD], "Z2000000"))
    script = textwrap.dedent("""
        import json, sys
        from pathlib import Path
        import django
        django.setup()
        from govstd.catalog.services.standard_import import DETAIL_TABLE_SPEC
        from govstd.documents.table_files import open_table
        from govstd.errors import FileRejected
        try:
            rows = list(open_table(Path(sys.argv[1]), spec=DETAIL_TABLE_SPEC).rows)
            message = None
        except FileRejected as error:
            message = error.message
        # VmHWM: this interpreter's own peak (ru_maxrss would include the forking parent's size).
        peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
        print(json.dumps({"message": message, "worker": peak}))
    """)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "govstd.settings", "GOVSTD_VAR_DIR": str(tmp_path),
           "GOVSTD_PARSE_MEMORY_MB": "400"}
    result = subprocess.run([sys.executable, "-c", script, str(source)], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert "读取时超出上限（内存 400 MB" in outcome["message"]
    assert outcome["worker"] < 500 * 2**20, outcome


def test_a_declared_range_wider_than_any_table_is_not_read_cell_by_cell():
    """openpyxl (which reads files with formulas) pads each row to the declared width; a sheet declaring
    A1:XFD1048576 is read by the cells it has, so the formula is reported at once."""
    rows = [COMMENTS[0], ["5.1", '=HYPERLINK("x")', "某单位"]]
    data = workbook_naming(rows, "D3", dimension="A1:XFD1048576")
    started = time.monotonic()
    table = open_table(data, spec=COMMENT_TABLE_SPEC, name="意见.xlsx")
    assert next(values[1] for _, values in table.rows).startswith("=HYPERLINK")
    assert time.monotonic() - started < 30


def test_a_long_table_streams_from_the_child_and_stops_it_when_left():
    """Rows arrive in order across batches; a caller that stops reading leaves no child behind."""
    rows = [HEADER] + [[n, *GOOD[0][1:4], f"GB/T {10000 + n}—2018", f"标准{n}", *GOOD[0][6:]] for n in range(1, 2501)]
    table = open_table(xlsx(rows[1:], header=rows[0]), spec=DETAIL_TABLE_SPEC, name="表1.xlsx")
    assert table.total_rows == 2500
    first = [next(table.rows) for _ in range(1500)]
    assert [n for n, _ in first] == list(range(2, 1502))
    table.rows.close()
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert multiprocessing.active_children() == []


def test_the_child_goes_on_while_the_caller_is_busy():
    """Issue 7 item 7: the import writes what it has received while the child checks the rest; the child
    does not wait for the caller to read a full pipe (30 batches are over four times what a pipe holds)."""
    items = bounded_stream(probe_clock, 30 * BATCH, name="探针.xlsx")
    next(items)
    time.sleep(2)  # the caller writing a batch
    woke = time.monotonic()
    made = list(items)
    assert len(made) == 30 * BATCH - 1 and made == sorted(made)
    assert made[-1] < woke  # everything was made while the caller was busy


@pytest.mark.django_db
def test_the_parser_runs_under_its_ceilings(settings):
    settings.GOVSTD_PARSE_MEMORY_MB = 400
    settings.GOVSTD_PARSE_CPU_SECONDS = 60
    assert list(bounded_stream(probe_ceilings, name="探针.xlsx")) == [(400 * 2**20, 60)]
    assert 0 < parser_peak_bytes() < 400 * 2**20  # the child reports its peak when it finishes
    with pytest.raises(FileRejected, match=r"探针\.xlsx 读取时超出上限（内存 400 MB，CPU 60 秒）"):
        list(bounded_stream(probe_memory, name="探针.xlsx"))
