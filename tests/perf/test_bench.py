"""`make bench` works: a quick run on a tiny data set prints full tables."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PATHS = [
    r"/static/css/site\.[0-9a-f]{12}\.css",
    "/healthz",
    "/",
    "/seminarier/",
    "/kurser/",
    "/dilemman/",
    "/kronikor/",
    "/etiska-koder/",
    "/seminarier/bench-seminarium-4/",
    "/dilemman/bench-dilemma-1/",
    "/dilemman/bench-dilemma-1/pdf/",
    r"/sok/\?q=korruption",
    r"/sok/\?q=korrupion",
    r"/sok/\?q=jav%20bemotande",
]


@pytest.mark.bench
@pytest.mark.sqlite  # its server has a SQLite database of its own
# Alone: it compares in-process timings (a whole page against its view without the
# template), which another test process on the same two cores can reverse.
@pytest.mark.solo
def test_quick_benchmark_prints_every_row():
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--split", "--scale", "0.02"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    throughput, _, split = result.stdout.partition("In-process with the page cache off")
    rows = [line for line in throughput.splitlines() if line.startswith("| ")][2:]
    assert len(rows) == len(PATHS), result.stdout
    for row, path in zip(rows, PATHS, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        label, shown, rps, static, ratio, median, p99, queries = cells
        assert re.fullmatch(f"`{path}`", shown), row
        assert "non-2xx" not in label and "socket errors" not in label, row
        assert float(rps) > 0 and float(median) > 0 and float(p99) >= float(median), row
        # Each page against the static file measured right before and after it.
        assert float(static) > 0, row
        assert abs(float(ratio) - float(rps) / float(static)) < 0.01 + 0.01 * float(ratio), row
        if path == "/healthz":
            # Its one query runs in the health check's own thread (so that a hung
            # database gets a 503 in time), which the in-process counter does not see.
            assert queries == "0 / 0", row
    assert rows[0].split("|")[5].strip() == "1.00"  # the static file is the yardstick
    assert re.search(r"Machine: \d+ cores, .+; \d{4}-\d\d-\d\d", result.stdout)
    cold = re.search(
        r"Cold PDFs .*: case A (\d+) ms; case B (\d+) ms; pack of 5 cases (\d+) ms", result.stdout
    )
    assert cold and all(int(ms) > 0 for ms in cold.groups()), result.stdout

    # The split: every HTML page (not the static file, /healthz or the PDF) timed whole
    # and, where the view returns a TemplateResponse, without its template.
    split_rows = [line for line in split.splitlines() if line.startswith("| ")][2:]
    html_pages = [path for path in PATHS[2:] if not path.endswith("/pdf/")]
    assert len(split_rows) == len(html_pages), split
    timed_without_template = 0
    for row, path in zip(split_rows, html_pages, strict=True):
        shown, whole, view, sql = (cell.strip() for cell in row.strip("|").split("|"))
        assert re.fullmatch(f"`{path}`", shown), row
        assert float(whole) > float(sql) > 0, row  # every page asks the database
        if view != "–":
            timed_without_template += 1
            assert float(whole) > float(view) > 0, row
    assert timed_without_template >= 6, split  # the list and detail views
