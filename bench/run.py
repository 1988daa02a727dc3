"""The benchmark behind `make bench`: the site under gunicorn with production settings.

Steps: a throwaway SQLite database in a temp dir, `migrate`, `seed_bench` (a large fixed
data set), `collectstatic`; gunicorn with gunicorn.conf.py pinned to core 0, the load
generator (wrk, or a Python one when wrk is missing) pinned to core 1, 16 connections.
Each page's throughput is given as a ratio to the static CSS file measured in the same
run, so runs on different machines can be compared; the static file is measured again
after each page, and each page is compared with the mean of the runs on either side of
it, because a shared machine's speed drifts during a run. SQL queries per page are counted
in-process with Django's test client against the same database: on the first request
for the page and on a repeat (a page cache makes the repeat cheaper).

    python bench/run.py            # full run, about three minutes
    python bench/run.py --quick    # one second per page, to check that it works
    python bench/run.py --split    # also: each page in-process, whole, without its
                                   # template and its SQL alone (where the time goes)
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WRK_MISSING = (
    "wrk saknas: mätningen använder en lastgenerator i Python, som själv kan bli flaskhalsen "
    "för den statiska filen. Installera Debians wrk: sudo apt-get install -y wrk"
)

# (label, path or a callable of the run's facts, what the page is)
TARGETS = [
    ("Static CSS (whitenoise)", lambda f: f["css"]),
    ("Minimal view /healthz", "/healthz"),
    ("Start page", "/"),
    ("Seminars list", "/seminarier/"),
    ("Courses list", "/kurser/"),
    ("Dilemmas list", "/dilemman/"),
    ("Columns list", "/kronikor/"),
    ("Codes of ethics list", "/etiska-koder/"),
    ("Seminar page", lambda f: f["seminar"]),
    ("Dilemma page", lambda f: f["dilemma"]),
    ("Dilemma PDF (warm)", lambda f: f["dilemma"] + "pdf/"),
    ("Search", "/sok/?q=korruption"),
    ("Search, a typo corrected", "/sok/?q=korrupion"),
    ("Search, two words without å/ä/ö", "/sok/?q=jav%20bemotande"),
]


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def pinned(core: int, command: list[str]) -> list[str]:
    """Run on one core when there are two and taskset exists; else unpinned."""
    if cores() >= 2 and shutil.which("taskset"):
        return ["taskset", "-c", str(core), *command]
    return command


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "okänd"


def manage(env, *args):
    began = time.monotonic()
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=sys.stderr
    )
    log(f"manage.py {args[0]}: {time.monotonic() - began:.1f} s")


def static_is_fresh() -> bool:
    """The manifest is newer than every source file (the rule the tests use too)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [f for f in (ROOT / "static").rglob("*") if f.is_file()]
    return manifest.exists() and manifest.stat().st_mtime >= max(
        (f.stat().st_mtime for f in sources), default=0
    )


# --- Load generators ----------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict:
    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    found = {
        "rps": float(rps.group(1)) if rps else 0.0,
        "median": latency(50),
        "p99": latency(99),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }
    counted = re.search(r"^page-cache hits: (\d+) of (\d+)$", output, re.M)
    if counted:  # printed by COUNT_HITS
        found["hits"], found["answered"] = (int(n) for n in counted.groups())
    return found


# A wrk script that counts the answers served from the page cache (X-Page-Cache: hit).
COUNT_HITS = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; answered = 0 end
function response(status, headers, body)
  answered = answered + 1
  if (headers["X-Page-Cache"] or headers["x-page-cache"]) == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local h, a = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); a = a + thread:get("answered") end
  io.write(string.format("page-cache hits: %d of %d\\n", h, a))
end
"""


def run_wrk(url, duration, connections, script=None) -> dict:
    """wrk's figures; with `script` (a path, e.g. a file holding COUNT_HITS) run too."""
    # A long timeout: a slow answer is measured as slow, not dropped as a socket error.
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    command.append("--latency")
    if script:
        command += ["-s", str(script)]
    command += ["-H", "Accept-Encoding: br, gzip", url]
    result = subprocess.run(pinned(1, command), capture_output=True, text=True, check=True)  # noqa: S603
    return parse_wrk(result.stdout)


def python_load(url, duration, connections) -> dict:
    """A small keep-alive load generator: one thread per connection, for `--load-url`.
    It counts the answers from the page cache too (X-Page-Cache: hit), as COUNT_HITS."""
    host, _, rest = url.removeprefix("http://").partition("/")
    name, _, port = host.partition(":")
    path = "/" + rest
    deadline = time.perf_counter() + duration
    latencies, errors, hits, lock = [], [0], [0], threading.Lock()

    def worker():
        conn = HTTPConnection(name, int(port), timeout=30)
        mine, bad, served_from_cache = [], 0, 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
                if response.getheader("X-Page-Cache") == "hit":
                    served_from_cache += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except OSError:
                bad += 1
                conn.close()
                conn = HTTPConnection(name, int(port), timeout=30)
                continue
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += bad
            hits[0] += served_from_cache

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    counted = {"errors": errors[0], "hits": hits[0], "answered": len(latencies)}
    if not latencies:
        return {"rps": 0.0, "median": float("nan"), "p99": float("nan"), **counted}
    return {
        "rps": len(latencies) / elapsed,
        "median": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        **counted,
    }


def run_python_load(url, duration, connections, script=None) -> dict:
    """python_load() in a process of its own; `script` is for wrk only (the Python
    generator always counts the page cache's hits)."""
    command = [sys.executable, __file__, "--load-url", url]
    command += ["--duration", str(duration), "--connections", str(connections)]
    result = subprocess.run(pinned(1, command), capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(result.stdout)


# --- Queries ------------------------------------------------------------------


def count_queries(env, paths) -> dict:
    """{path: (first, repeat)} through Django's test client against the bench database."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forvaltningskultur.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.get("/healthz")  # opens the connection, runs the PRAGMAs
    counts = {}
    for path in paths:
        found = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} svarade {response.status_code} i testklienten")
            found.append(len(queries))
        counts[path] = tuple(found)
    return counts


# --- In-process times ---------------------------------------------------------


def split_times(paths, repeat=30) -> dict:
    """{path: (whole page, view without its template, its SQL alone)} in ms, each the
    best of five rounds, in-process with the page cache off, after count_queries() has
    set Django up.

    "View without its template": the template is not rendered, but every queryset, page
    and list in the view's context is evaluated, so the view's own queries still run
    (queries that a template tag makes, like the start page's blocks, are left out with
    it). None where the view renders its template itself (render(), not a
    TemplateResponse). "SQL alone": the page's statements, as sent, run again straight
    through the database cursor: what is left when Python costs nothing.
    """
    from django.core.paginator import Page
    from django.db import connection
    from django.db.models.query import QuerySet
    from django.template.response import SimpleTemplateResponse
    from django.test import Client, override_settings

    def without_template(response):
        for value in (response.context_data or {}).values():
            if isinstance(value, QuerySet | Page | list):
                list(value)
        return ""

    def best_of(run):
        best = float("inf")
        for _ in range(5):
            began = time.perf_counter()
            for _ in range(repeat):
                run()
            best = min(best, (time.perf_counter() - began) / repeat * 1000)
        return best

    def statements(path):
        sent = []

        def record(execute, sql, params, many, context):
            sent.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            client.get(path)
        return sent

    def run_sql(sent):
        with connection.cursor() as cursor:
            for sql, params in sent:
                cursor.execute(sql, params)
                cursor.fetchall()

    client = Client(HTTP_HOST=HOST)
    rendered = SimpleTemplateResponse.rendered_content
    times = {}
    with override_settings(PAGE_CACHE=False):
        for path in paths:
            sent = statements(path)
            whole = best_of(lambda p=path: client.get(p))
            times[path] = [whole, None, best_of(lambda s=sent: run_sql(s))]
        SimpleTemplateResponse.rendered_content = property(without_template)
        try:
            for path in paths:
                if not client.get(path).content:
                    times[path][1] = best_of(lambda p=path: client.get(p))
        finally:
            SimpleTemplateResponse.rendered_content = rendered
    return {path: tuple(found) for path, found in times.items()}


def split_table(times) -> str:
    lines = [
        "| path | whole page ms | view without its template ms | its SQL alone ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for path, (whole, view, sql) in times.items():
        # Hundredths: on a small page the view alone and the whole page can be within a
        # tenth of a millisecond of each other.
        shown = "–" if view is None else f"{view:.2f}"
        lines.append(f"| `{path}` | {whole:.2f} | {shown} | {sql:.2f} |")
    return "\n".join(lines)


# --- The run ------------------------------------------------------------------


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn svarade inte på {url} inom {seconds} s")


GUNICORN = [
    sys.executable,
    "-m",
    "gunicorn",
    "--config",
    "gunicorn.conf.py",
    "forvaltningskultur.wsgi",
]


def production_env() -> dict:
    """Production settings from nothing: none of the caller's DJANGO_ or DATABASE_URL."""
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_ENV_FILE": "/dev/null",
        "DJANGO_DEBUG": "off",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "off",
        "DJANGO_ALLOWED_HOSTS": HOST,
    }


def serve_with_worker(env, log_file, processes) -> str:
    """Start gunicorn (on env's GUNICORN_BIND) and the worker (`manage.py run_huey`),
    both pinned to core 0 and writing to log_file, and return gunicorn's base URL once it
    answers /healthz. Each process goes into `processes` as it starts, so that the
    caller's stop_processes(processes) ends them even when gunicorn never answers."""
    for command in (GUNICORN, [sys.executable, "manage.py", "run_huey"]):
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own processes
                pinned(0, command), cwd=ROOT, env=env, stdout=log_file, stderr=log_file
            )
        )
    base = f"http://{env['GUNICORN_BIND']}"
    wait_for(base + "/healthz")
    return base


def stop_processes(processes):
    """Ask each process to end; kill the ones still running 30 s later."""
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def fetch(url) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def warm_every_worker(url, workers, fast=0.25, seconds=120):
    """Each worker has its own local-memory cache: ask until many answers in a row are
    fast, so that every worker has made its copy before the measurement starts."""
    deadline, in_a_row = time.monotonic() + seconds, 0
    while in_a_row < 5 * workers and time.monotonic() < deadline:
        began = time.monotonic()
        fetch(url)
        in_a_row = in_a_row + 1 if time.monotonic() - began < fast else 0


def cold_pdfs(base, scale) -> list[tuple[str, float]]:
    """The time to a cold PDF's last byte: cases and a pack no one has asked for yet."""
    cases = max(1, round(300 * scale))  # as seed_bench counts them
    results = []
    for label, path in [
        ("case A", f"/dilemman/bench-dilemma-{cases}/pdf/"),
        ("case B", f"/dilemman/bench-dilemma-{max(1, cases - 1)}/pdf/"),
        (
            f"pack of {min(cases, 5)} cases",
            "/dilemman/paket/?"
            + "&".join(f"d=bench-dilemma-{n + 1}" for n in range(min(cases, 5))),
        ),
    ]:
        began = time.perf_counter()
        status = fetch(base + path)
        elapsed = (time.perf_counter() - began) * 1000
        if status != 200:
            raise SystemExit(f"{path} svarade {status}")
        results.append((label, elapsed))
    return results


def table(rows, queries) -> str:
    lines = [
        "| page | path | req/s | static req/s around it | × static | median ms | p99 ms "
        "| SQL queries (first / repeat) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path, result in rows:
        first, repeat = queries.get(path, ("–", "–"))
        problems = [
            f"{result[key]} {name}"
            for key, name in (("errors", "non-2xx"), ("socket_errors", "socket errors"))
            if result.get(key)
        ]
        note = f" ({', '.join(problems)})" if problems else ""
        static = result["static_rps"] or float("nan")
        lines.append(
            f"| {label}{note} | `{path}` | {result['rps']:.0f} | {static:.0f} "
            f"| {result['rps'] / static:.2f} | {result['median']:.1f} | {result['p99']:.1f} "
            f"| {first} / {repeat} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 s per page: a smoke test")
    parser.add_argument("--duration", type=int, help="seconds per page (default 10, quick 1)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the data set")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument(
        "--python-load", action="store_true", help="use the Python load generator, not wrk"
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="also time each page in-process: whole, without its template, its SQL alone",
    )
    parser.add_argument("--load-url", help=argparse.SUPPRESS)  # the Python generator's entry
    args = parser.parse_args()
    duration = args.duration or (1 if args.quick else 10)

    if args.load_url:
        print(json.dumps(python_load(args.load_url, duration, args.connections)))
        return

    use_wrk = shutil.which("wrk") is not None and not args.python_load
    if shutil.which("wrk") is None:
        log(WRK_MISSING)
    if cores() < 2 or not shutil.which("taskset"):
        log("Färre än två kärnor eller inget taskset: server och last delar kärnor.")

    workdir = Path(tempfile.mkdtemp(prefix="fk-bench-"))
    port = free_port()
    workers = os.environ.get("GUNICORN_WORKERS", "3")  # what gunicorn.conf.py gives one core
    threads = os.environ.get("GUNICORN_THREADS", "2")
    env = {
        **os.environ,
        "DJANGO_ENV_FILE": "/dev/null",
        "DJANGO_DEBUG": "off",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "off",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": workers,
        "GUNICORN_THREADS": threads,
    }
    server = None
    try:
        log(f"Databas och media i {workdir}")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_bench", f"--scale={args.scale}")
        if args.quick and static_is_fresh():
            log("collectstatic: staticfiles/ är aktuell, hoppar över (--quick)")
        else:
            manage(env, "collectstatic", "--noinput", "-v0")
        manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
        facts = {
            "css": "/static/" + manifest["paths"]["css/site.css"],
            "seminar": f"/seminarier/bench-seminarium-{max(1, round(200 * args.scale))}/",
            "dilemma": "/dilemman/bench-dilemma-1/",
        }
        targets = [(label, p(facts) if callable(p) else p) for label, p in TARGETS]

        log("Räknar SQL-frågor med testklienten …")
        queries = count_queries(env, [path for _label, path in targets[1:]])
        if args.split:
            log("Tidtar sidorna i processen: hela, utan mall och bara SQL …")
            pages = [path for _label, path in targets[2:] if not path.endswith("/pdf/")]
            split = split_times(pages, repeat=3 if args.quick else 30)

        server_log = (workdir / "gunicorn.log").open("w")
        server = subprocess.Popen(  # noqa: S603 - gunicorn with our own config
            pinned(0, GUNICORN), cwd=ROOT, env=env, stdout=server_log, stderr=server_log
        )
        base = f"http://{HOST}:{port}"
        wait_for(base + "/healthz")

        load_before = os.getloadavg()[0]
        cold = cold_pdfs(base, args.scale)
        measure = run_wrk if use_wrk else run_python_load
        static_url = base + targets[0][1]
        # The machines are shared and their speed drifts: the static file is measured
        # again after each page, and a page is compared with the runs on either side.
        between = max(1, duration // 3)
        rows, statics = [], []
        for number, (label, path) in enumerate(targets):
            status = fetch(base + path)  # warm: the PDF is made once, caches fill
            if status != 200:
                raise SystemExit(f"{path} svarade {status}; se {workdir / 'gunicorn.log'}")
            # Each worker has its own local-memory cache: fill every one first.
            warm_every_worker(base + path, int(workers))
            log(f"{label}: {path} i {duration} s …")
            result = measure(base + path, duration, args.connections)
            if number == 0:
                statics.append(result["rps"])
            else:
                statics.append(measure(static_url, between, args.connections)["rps"])
            result["static_rps"] = statistics.fmean(statics[-2:])
            rows.append((label, path, result))

        print(
            f"Machine: {cores()} cores, {cpu_model()}; {dt.date.today().isoformat()}; "  # noqa: DTZ011
            f"Python {platform.python_version()}; load average before the run "
            f"{load_before:.2f}.\n"
            f"gunicorn pinned to core 0 ({workers} workers × {threads} threads), "
            f"{'wrk' if use_wrk else 'Python load generator'} on core 1, "
            f"{args.connections} connections, {duration} s per page, "
            f"data scale {args.scale}.\n"
        )
        print(table(rows, queries))
        if args.split:
            print("\nIn-process with the page cache off (best of 5 rounds):\n")
            print(split_table(split))
        print(
            "\nCold PDFs (rendered on request, one at a time, nothing else running): "
            + "; ".join(f"{label} {ms:.0f} ms" for label, ms in cold)
        )
    finally:
        if server is not None:
            stop_processes([server])
        if args.keep:
            log(f"Behåller {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
