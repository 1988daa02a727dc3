"""`make bench`'s busy day works: a quick run prints every page's figures, on SQLite and
on PostgreSQL with Redis, and leaves no database behind."""

import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PATHS = [
    "/",
    "/seminarier/",
    "/dilemman/",
    "/om/",
    "/seminarier/bench-seminarium-35/",
    "/kurser/bench-kurs-1/",
    "/seminarier/bench-seminarium-40/",
]
RATIO = r"\d+\.\d\d [✓✗]"
HITS = r"\d+\.\d %( [✓✗])?"


def _busy_day(*args):
    result = subprocess.run(
        [sys.executable, "bench/busy_day.py", "--quick", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _check_tables(output, labels):
    assert re.search(r"Busy day: \d{4}-\d\d-\d\d; \d+ cores", output), output
    for label in labels:
        _, found, rest = output.partition(f"### {label}\n")
        assert found, output
        assert re.search(r"Sign-ups during the busy day: (\d+) sent, \1 answered 302", rest), rest
        rows = [line for line in rest.split("###")[0].splitlines() if line.startswith("| ")][2:]
        assert len(rows) == len(PATHS), rest
        for row, path in zip(rows, PATHS, strict=True):
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            _label, shown, showing, quiet, quiet_ratio, quiet_hits, busy, busy_ratio, busy_hits = (
                cells
            )
            assert shown == f"`{path}`", row
            assert showing in ("yes", "no"), row
            for rps in (quiet, busy):
                assert re.fullmatch(r"\d+ \(\d+\)", rps), row
            assert re.fullmatch(RATIO, quiet_ratio) and re.fullmatch(RATIO, busy_ratio), row
            assert re.fullmatch(HITS, quiet_hits), row  # every page is cached on a quiet day
            assert re.fullmatch(HITS, busy_hits) or busy_hits == "–", row
        assert rows[-1].split("|")[3].strip() == "yes"  # the signed-up seminar shows itself
    assert re.search(r"Targets met: \d+ of \d+\.", output), output


@pytest.mark.bench
@pytest.mark.sqlite  # its server has a SQLite database of its own
def test_quick_busy_day_prints_every_row():
    _check_tables(_busy_day(), ["SQLite"])


@pytest.mark.bench
@pytest.mark.nodes
def test_quick_busy_day_on_postgres_and_redis():
    # Deselected without both (tests/conftest.py); `make test` runs it when both answer.
    database_url, cache_url = os.environ["DATABASE_URL"], os.environ["CACHE_URL"]
    # Its own Redis database number, not the tests' (their fixtures empty that one).
    redis_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(cache_url)._replace(path="/14"))
    before = _bench_databases(database_url)  # a run killed earlier may have left one
    output = _busy_day("--backends", "postgres", "--pg-url", database_url, "--redis-url", redis_url)
    _check_tables(output, ["PostgreSQL + Redis"])
    assert _bench_databases(database_url) == before  # this run dropped its own


def _bench_databases(database_url) -> set:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'fk_busyday_%'"
        ).fetchall()
    return {name for (name,) in rows}
