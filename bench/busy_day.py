"""The busy day of `make bench`: the site's pages under load while sign-ups arrive.

gunicorn (production settings, behind one "proxy": DJANGO_PROXY_COUNT=1) and the worker
(`manage.py run_huey`) share core 0; wrk loads one page at a time from core 1. Each
page is measured twice on the same server: on a quiet day (no sign-ups), then on a busy
day, while a thread posts sign-ups to one seminar through its public form, 10 a second,
each from its own forwarded address (REGISTRATION_MIN_FILL_SECONDS=0: the form's fill
time is not what is measured). The sign-ups go on during the whole busy day, the static
file's runs too, so that both sides of the ratio pay for them.

For each page: its throughput as a ratio to the static CSS file measured in the same
phase just before and just after it (as bench/run.py does: a shared machine's speed
drifts), and the page cache's hit rate: every answer counted (X-Page-Cache: hit), by a
wrk script or by the Python load generator. A page "shows the event" when it links to
the signed-up seminar. The targets (QUIET_RATIO and the rest, below; docs/performance.md)
are printed beside the figures (✓/✗); missing them does not fail the run. A sign-up that
is not answered with its redirect (302), or a page that answers an error under load,
does: then the busy day was not the one described here.

Run on SQLite (the page cache in each worker's memory, limits in the database) and on
PostgreSQL with Redis as CACHE_URL (a database made for the run and dropped after it,
and a Redis database number of its own, emptied before and after).

    python bench/busy_day.py                 # 4 s per page, SQLite then PostgreSQL + Redis
    python bench/busy_day.py --quick         # 1 s per page, SQLite only: a smoke test
    python bench/busy_day.py --backends postgres --pg-url postgres://… --redis-url redis://…
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from run import (
    COUNT_HITS,
    HOST,
    ROOT,
    WRK_MISSING,
    cores,
    cpu_model,
    free_port,
    log,
    manage,
    production_env,
    run_python_load,
    run_wrk,
    serve_with_worker,
    static_is_fresh,
    stop_processes,
    warm_every_worker,
)
from signup_day import Visitor

SIGNUPS_PER_SECOND = 10
SIGNED_UP = "/seminarier/bench-seminarium-40/"  # the last upcoming one at scale 0.2
PAGES = [
    ("Start page", "/"),
    ("Seminars list", "/seminarier/"),
    ("Dilemmas list", "/dilemman/"),
    ("About (content page)", "/om/"),
    ("Another seminar", "/seminarier/bench-seminarium-35/"),
    ("Course page", "/kurser/bench-kurs-1/"),
    ("The signed-up seminar", SIGNED_UP),
]
# The targets: a cached page keeps up with the static file on a quiet day, and under
# sign-ups with only the signed-up seminar's page made anew.
QUIET_RATIO = 0.9
BUSY_RATIO = 0.8
BUSY_RATIO_OWN_PAGE = 0.5
BUSY_HITS = 0.99

PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"  # where the bench database is made
REDIS_URL = "redis://127.0.0.1:6379/13"  # not 1: `make test` empties that one

# seed_demo for the content pages (/om/ …), seed_bench for the volume, and the signed-up
# seminar opened wide: far enough ahead, room for every sign-up.
SEED = (
    "from django.core.management import call_command;"
    "call_command('seed_demo'); call_command('seed_bench', scale=0.2);"
    "from seminars.models import Seminar; from django.utils import timezone;"
    "now = timezone.now();"
    f"assert Seminar.objects.filter(slug={SIGNED_UP.split('/')[2]!r}).update("
    "starts_at=now + timezone.timedelta(days=30),"
    "ends_at=now + timezone.timedelta(days=30, hours=2),"
    "capacity=100000, signup_opens_at=None, signup_closes_at=None, is_cancelled=False)"
)


class SignUps:
    """Sign-ups posted at a steady rate from a background thread until stop()."""

    def __init__(self, visitor, rate, first_number):
        self.visitor, self.rate, self.first = visitor, rate, first_number
        self.results, self._stop = [], threading.Event()
        self._thread = threading.Thread(target=self._post)

    def _post(self):
        with ThreadPoolExecutor(max_workers=32) as pool:
            began, futures = time.monotonic(), []
            while not self._stop.is_set():
                delay = began + len(futures) / self.rate - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)
                    continue
                futures.append(pool.submit(self._one, self.first + len(futures)))
            self.results = [future.result() for future in futures]

    def _one(self, number) -> tuple[int, float]:
        began = time.monotonic()
        try:
            return self.visitor.sign_up(number)
        except OSError:  # no answer at all: status 0, counted as not kept
            return 0, (time.monotonic() - began) * 1000

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> list[tuple[int, float]]:
        self._stop.set()
        self._thread.join()
        return self.results


def get(url) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def shows(html, path) -> bool:
    """The page links to `path` (a list, a teaser, a block on the start page)."""
    return re.search(rf'href="(?:https?://[^/"]+)?{re.escape(path)}["#?]', html) is not None


# --- Backends -----------------------------------------------------------------


def postgres_and_redis_answer(pg_url, redis_url) -> str:
    """'' when both answer, else what did not."""
    try:
        import psycopg

        psycopg.connect(pg_url, connect_timeout=3).close()
    except Exception as error:  # any failure means "not here"
        return f"PostgreSQL på {pg_url} svarar inte ({type(error).__name__})"
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
    except Exception as error:
        return f"Redis på {redis_url} svarar inte ({type(error).__name__})"
    return ""


class PostgresAndRedis:
    """A database of the run's own on the server of `pg_url`, and `redis_url`'s database
    number, emptied before and after the run."""

    label = "PostgreSQL + Redis"

    def __init__(self, pg_url, redis_url):
        if urllib.parse.urlsplit(redis_url).path.strip("/") in ("", "0", "1"):
            raise SystemExit(f"{redis_url}: välj ett eget databasnummer (inte 0 eller 1)")
        self.pg_url, self.redis_url = pg_url, redis_url
        self.name = f"fk_busyday_{os.getpid()}_{secrets.token_hex(3)}"

    def __enter__(self):
        import psycopg
        import redis
        from psycopg import sql

        with psycopg.connect(self.pg_url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        redis.Redis.from_url(self.redis_url).flushdb()
        parts = urllib.parse.urlsplit(self.pg_url)
        database_url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
        return {"DATABASE_URL": database_url, "CACHE_URL": self.redis_url}

    def __exit__(self, *exc):
        import psycopg
        import redis
        from psycopg import sql

        with psycopg.connect(self.pg_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )
        redis.Redis.from_url(self.redis_url).flushdb()


class SQLite:
    label = "SQLite"

    def __init__(self, workdir):
        self.workdir = workdir

    def __enter__(self):
        return {"DATABASE_URL": f"sqlite:///{self.workdir / 'db.sqlite3'}"}

    def __exit__(self, *exc):
        pass


# --- One run ------------------------------------------------------------------


def settle(url, fast=0.05, seconds=30):
    """Wait until `url` answers at once three times in a row: the requests wrk left
    queued in gunicorn when it stopped are answered, and do not count against the next
    measurement (on a busy day a slow page can leave seconds of work behind)."""
    deadline, in_a_row = time.monotonic() + seconds, 0
    while in_a_row < 3 and time.monotonic() < deadline:
        began = time.monotonic()
        get(url)
        in_a_row = in_a_row + 1 if time.monotonic() - began < fast else 0


def phase(base, static_path, pages, measure, args, warm):
    """The static file, then each page followed by the static file again: {path: result},
    each result with "static_rps", the mean of the static runs on either side of it (a
    shared machine's speed drifts during a run), and the static runs' results.

    With --quick the static file is measured only before the first page and after the
    last: a smoke test, not figures."""
    static_url = base + static_path
    between = 0 if args.quick else max(1, args.duration // 2)
    warm(static_url)
    statics = [measure(static_url, args.duration, args.connections)]
    results = {}
    for label, path in pages:
        warm(base + path)
        log(f"  {label}: {path} i {args.duration} s …")
        results[path] = measure(base + path, args.duration, args.connections)
        # At most a few times the measurement: under sign-ups on a slow machine the
        # static file may never answer in 50 ms three times running, and each wait of
        # 30 s added up to more than a quick run may take (CI's smoke test).
        settle(static_url, seconds=max(2, 3 * args.duration))
        if between:
            statics.append(measure(static_url, between, args.connections))
            results[path]["static_rps"] = statistics.fmean(r["rps"] for r in statics[-2:])
    if not between:
        statics.append(measure(static_url, args.duration, args.connections))
        for result in results.values():
            result["static_rps"] = statistics.fmean(r["rps"] for r in statics)
    return results, statics


def run_backend(backend, args, measure, workdir, static_path, first_number):
    """Set up, serve, measure quiet and busy; return the figures (a dict)."""
    port = free_port()
    workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
    threads = os.environ.get("GUNICORN_THREADS", "2")
    env = {
        **production_env(),
        "DJANGO_PROXY_COUNT": "1",
        "REGISTRATION_MIN_FILL_SECONDS": "0",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": threads,
    }
    processes = []
    log(f"== {backend.label} ==")
    with backend as urls, contextlib.ExitStack() as stack:
        env.update(urls)
        try:
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "shell", "-c", SEED)
            log_path = workdir / f"processes-{backend.label.split()[0].lower()}.log"
            log_file = stack.enter_context(log_path.open("w"))
            base = serve_with_worker(env, log_file, processes)

            status, sitemap = get(base + "/sitemap.xml")
            missing = [p for _l, p in PAGES if p != "/" and f"{p}</loc>" not in sitemap]
            if status != 200 or missing:
                raise SystemExit(f"Saknas i /sitemap.xml ({status}): {missing}")
            showing = {}
            for _label, path in PAGES:
                status, html = get(base + path)
                if status != 200:
                    raise SystemExit(f"{path} svarade {status}; se {log_path}")
                showing[path] = path == SIGNED_UP or shows(html, SIGNED_UP)

            log(f"Lugn dag: {len(PAGES)} sidor, {args.duration} s var …")
            quiet, quiet_static = phase(
                base,
                static_path,
                PAGES,
                measure,
                args,
                warm=lambda url: warm_every_worker(url, workers),
            )

            log(f"Hektisk dag: {SIGNUPS_PER_SECOND} anmälningar/s till {SIGNED_UP} …")
            signups = SignUps(Visitor(HOST, port, SIGNED_UP), SIGNUPS_PER_SECOND, first_number)
            signups.start()
            time.sleep(0.5)
            try:
                busy, busy_static = phase(
                    base,
                    static_path,
                    PAGES,
                    measure,
                    args,
                    warm=lambda url: [get(url) for _ in range(3)],
                )
            finally:
                posted = signups.stop()
        finally:
            stop_processes(processes)
    return {
        "label": backend.label,
        "workers": f"{workers} × {threads}",
        "showing": showing,
        "quiet": quiet,
        "quiet_static": [r["rps"] for r in quiet_static],
        "busy": busy,
        "busy_static": [r["rps"] for r in busy_static],
        "static_errors": sum(r.get("errors", 0) for r in (*quiet_static, *busy_static)),
        "signups": posted,
    }


# --- The report ---------------------------------------------------------------


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def hit_share(result):
    answered = result.get("answered")
    return result["hits"] / answered if answered else None


def report(figures) -> tuple[str, int, int, list[str]]:
    """The table of one backend; (text, targets met, targets, problems)."""
    met = total = 0
    problems = []

    def target(value, goal, text):
        nonlocal met, total
        total += 1
        met += value >= goal
        return f"{text} {mark(value >= goal)}"

    statuses = [status for status, _ms in figures["signups"]]
    latencies = sorted(ms for _status, ms in figures["signups"])
    redirected = statuses.count(302)
    if not statuses or redirected != len(statuses):
        problems.append(
            f"{figures['label']}: {len(statuses)} sign-ups sent, {redirected} answered 302 "
            f"(answers: {sorted(set(statuses))})"
        )
    if figures["static_errors"]:
        problems.append(f"{figures['label']}: the static file answered with errors")
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0
    median = statistics.median(latencies) if latencies else 0
    lines = [
        f"### {figures['label']}",
        "",
        f"Static file req/s (its {len(figures['quiet_static'])} runs in each phase): quiet "
        f"{min(figures['quiet_static']):.0f}–{max(figures['quiet_static']):.0f}, busy "
        f"{min(figures['busy_static']):.0f}–{max(figures['busy_static']):.0f}. "
        f"Sign-ups during the busy day: {len(statuses)} "
        f"sent, {redirected} answered 302, latency median {median:.0f} ms, p99 {p99:.0f} ms."
        + (
            " A static run got no answer at all (the machine stalled?): its ratios are off."
            if not min(figures["quiet_static"] + figures["busy_static"])
            else ""
        ),
        "",
        "| page | path | shows the event | quiet req/s (static) | quiet × static | quiet hits "
        "| busy req/s (static) | busy × static | busy hits |",
        "| --- | --- | :---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path in PAGES:
        quiet, busy = figures["quiet"][path], figures["busy"][path]
        for phase_name, result in (("quiet", quiet), ("busy", busy)):
            if result.get("errors") or result.get("socket_errors"):
                problems.append(
                    f"{figures['label']}: {path} ({phase_name}) {result.get('errors', 0)} "
                    f"non-2xx, {result.get('socket_errors', 0)} socket errors"
                )
        own = path == SIGNED_UP
        quiet_ratio = quiet["rps"] / (quiet["static_rps"] or float("nan"))
        busy_ratio = busy["rps"] / (busy["static_rps"] or float("nan"))
        busy_goal = BUSY_RATIO_OWN_PAGE if own else BUSY_RATIO
        quiet_hits, busy_hits = hit_share(quiet), hit_share(busy)
        busy_hits_cell = "–" if busy_hits is None else f"{100 * busy_hits:.1f} %"
        if not figures["showing"][path] and busy_hits is not None:
            busy_hits_cell = target(busy_hits, BUSY_HITS, busy_hits_cell)
        lines.append(
            f"| {label} | `{path}` | {'yes' if figures['showing'][path] else 'no'} "
            f"| {quiet['rps']:.0f} ({quiet['static_rps']:.0f}) "
            f"| {target(quiet_ratio, QUIET_RATIO, f'{quiet_ratio:.2f}')} "
            f"| {'–' if quiet_hits is None else f'{100 * quiet_hits:.1f} %'} "
            f"| {busy['rps']:.0f} ({busy['static_rps']:.0f}) "
            f"| {target(busy_ratio, busy_goal, f'{busy_ratio:.2f}')} "
            f"| {busy_hits_cell} |"
        )
    return "\n".join(lines), met, total, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 s per page, SQLite only")
    parser.add_argument(
        "--duration",
        type=int,
        help="seconds per page (default 4, quick 1); the static file half as long after each",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--backends",
        help="sqlite, postgres or both, comma-separated (default: both; quick: sqlite). "
        "postgres is left out with a note when PostgreSQL or Redis does not answer, "
        "unless asked for by name",
    )
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", PG_URL))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", REDIS_URL))
    parser.add_argument(
        "--python-load", action="store_true", help="use the Python load generator, not wrk"
    )
    args = parser.parse_args()
    args.duration = args.duration or (1 if args.quick else 4)
    asked = args.backends is not None
    backends = (args.backends or ("sqlite" if args.quick else "sqlite,postgres")).split(",")
    if set(backends) - {"sqlite", "postgres"}:
        parser.error(f"okänd databas i --backends: {args.backends}")
    began = time.monotonic()

    use_wrk = shutil.which("wrk") is not None and not args.python_load
    if shutil.which("wrk") is None:
        log(WRK_MISSING)
    if cores() < 2 or not shutil.which("taskset"):
        log("Färre än två kärnor eller inget taskset: server och last delar kärnor.")
    notes = []
    if "postgres" in backends:
        absent = postgres_and_redis_answer(args.pg_url, args.redis_url)
        if absent and asked:
            raise SystemExit(absent)
        if absent:
            backends.remove("postgres")
            notes.append(f"PostgreSQL + Redis left out: {absent}.")
            log(absent + ": mäter bara SQLite.")

    workdir = Path(tempfile.mkdtemp(prefix="fk-busyday-"))
    script = workdir / "count_hits.lua"
    script.write_text(COUNT_HITS)

    def measure(url, duration, connections):
        load = run_wrk if use_wrk else run_python_load
        return load(url, duration, connections, script=script)

    load_before = os.getloadavg()[0]
    runs = []
    try:
        if not static_is_fresh():
            manage(production_env(), "collectstatic", "--noinput", "-v0")
        manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
        static_path = "/static/" + manifest["paths"]["css/site.css"]
        number = 0
        for name in backends:
            backend = (
                SQLite(workdir)
                if name == "sqlite"
                else PostgresAndRedis(args.pg_url, args.redis_url)
            )
            runs.append(run_backend(backend, args, measure, workdir, static_path, number))
            number += 1_000_000  # every sign-up its own address and e-mail address
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"Busy day: {dt.date.today().isoformat()}; {cores()} cores, {cpu_model()}; "  # noqa: DTZ011
        f"Python {platform.python_version()}; load average before {load_before:.2f}.\n"
        f"gunicorn ({runs[0]['workers']}) and the worker pinned to core 0, "
        f"{'wrk' if use_wrk else 'Python load generator'} on core 1 "
        f"(PostgreSQL and Redis unpinned), {args.connections} connections, "
        f"{args.duration} s per page, data scale 0.2. Busy: {SIGNUPS_PER_SECOND} sign-ups/s "
        f"to `{SIGNED_UP}` through its form, each from its own address.\n"
        f"Targets: quiet ≥ {QUIET_RATIO:.2f} × static on every page; busy "
        f"≥ {BUSY_RATIO:.2f} × on every page but the signed-up seminar's "
        f"(≥ {BUSY_RATIO_OWN_PAGE:.2f} ×), and ≥ {100 * BUSY_HITS:.0f} % page-cache hits "
        "on the pages that do not show that event.\n"
    )
    for note in notes:
        print(note + "\n")
    met = total = 0
    problems = []
    for figures in runs:
        text, run_met, run_total, run_problems = report(figures)
        print(text + "\n")
        met, total, problems = met + run_met, total + run_total, problems + run_problems
    print(f"Targets met: {met} of {total}. Took {time.monotonic() - began:.0f} s.")
    if problems:
        print("\nThe busy day did not run as described:\n- " + "\n- ".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
