"""The sign-up day scenario of `make bench`: pages under load while sign-ups arrive at
a steady rate and the mail server is slow.

gunicorn (production settings, behind one "proxy": DJANGO_PROXY_COUNT=1) and the worker
(`manage.py run_huey`) share core 0; wrk loads the seminar list from core 1 while a
thread posts sign-ups to one seminar, 10 a second, each from its own forwarded address,
and an SMTP server in this process (aiosmtpd) takes 2 s to answer each mail. Reported:
the page's throughput as a ratio to the static CSS file measured in the same run (just
before and after), the page cache's hit rate (sampled), the sign-ups' latency (median,
p99) and whether every sign-up was kept and every mail delivered once.

    python bench/signup_day.py             # 20 s of load, 200 sign-ups
    python bench/signup_day.py --quick     # 4 s, to check that it works
"""

import argparse
import asyncio
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.client import HTTPConnection
from pathlib import Path

import run
from aiosmtpd.controller import Controller
from run import HOST, ROOT, free_port, log, manage, run_python_load, run_wrk

SIGNUPS_PER_SECOND = 10
MAIL_DELAY = 2.0


class SlowInbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(MAIL_DELAY)
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


class SignupFields(HTMLParser):
    """The hidden fields of each form on a page, in order (a form is a dict)."""

    def __init__(self, html):
        super().__init__()
        self.forms, self._form = [], None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {}
        elif self._form is not None and tag == "input" and attrs.get("type") == "hidden":
            self._form[attrs.get("name") or ""] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self._form.pop("", None)  # a browser sends no field without a name
            self.forms.append(self._form)
            self._form = None


class Visitor:
    """What a browser that loaded the page holds: the sign-up form's hidden fields, and
    the cookies the page set, if it set any (a CSRF cookie today; none once public forms
    are checked by Sec-Fetch-Site and Origin instead). Its posts carry both kinds of proof
    a browser sends: the cookie and token when there are any, and Sec-Fetch-Site."""

    def __init__(self, host, port, path):
        self.host, self.port, self.path = host, port, path
        connection = HTTPConnection(host, port, timeout=30)
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        html = response.read().decode()
        self.cookies = "; ".join(
            header.split(";")[0] for header in response.headers.get_all("Set-Cookie") or []
        )
        connection.close()
        forms = [form for form in SignupFields(html).forms if "anmalan_for" in form]
        if not forms:
            raise SystemExit(f"Inget anmälningsformulär på {path}")
        self.fields = forms[0]

    def sign_up(self, number) -> tuple[int, float]:
        body = urllib.parse.urlencode(
            {
                **self.fields,
                "name": f"Deltagare {number}",
                "email": f"deltagare{number}@myndighet.se",
                "organisation": "Myndigheten",
            }
        )
        origin = f"https://{self.host}:{self.port}"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + self.path,
            "Sec-Fetch-Site": "same-origin",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
        }
        if self.cookies:
            headers["Cookie"] = self.cookies
        began = time.monotonic()
        connection = HTTPConnection(self.host, self.port, timeout=60)
        connection.request("POST", self.path, body=body, headers=headers)
        status = connection.getresponse().status
        connection.close()
        return status, (time.monotonic() - began) * 1000


def hit_rate(host, port, path, stop) -> list[bool]:
    samples = []
    while not stop.is_set():
        connection = HTTPConnection(host, port, timeout=30)
        connection.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
        response = connection.getresponse()
        response.read()
        samples.append(response.headers.get("X-Page-Cache") == "hit")
        connection.close()
        time.sleep(0.1)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="4 s: a smoke test")
    parser.add_argument("--duration", type=int, help="seconds of load (default 20)")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    duration = args.duration or (4 if args.quick else 20)
    measure = run_wrk if shutil.which("wrk") else run_python_load

    workdir = Path(tempfile.mkdtemp(prefix="fk-signupday-"))
    port, smtp_port = free_port(), free_port()
    env = {
        **run.production_env(),
        "DJANGO_PROXY_COUNT": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "EMAIL_URL": f"smtp://{HOST}:{smtp_port}",
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_THREADS": "2",
    }
    inbox = SlowInbox()
    smtp = Controller(inbox, hostname=HOST, port=smtp_port)
    processes = []
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_bench", "--scale=0.2")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(
            env,
            "shell",
            "-c",
            "from seminars.models import Seminar; from django.utils import timezone;"
            "Seminar.objects.filter(slug='bench-seminarium-40').update("
            "starts_at=timezone.now() + timezone.timedelta(days=30),"
            "ends_at=timezone.now() + timezone.timedelta(days=30, hours=2),"
            "capacity=100000, signup_opens_at=None, signup_closes_at=None,"
            "is_cancelled=False)",
        )
        smtp.start()
        log_file = (workdir / "processes.log").open("w")
        base = run.serve_with_worker(env, log_file, processes)
        css = next(
            p
            for p in (ROOT / "staticfiles" / "css").iterdir()
            if re.match(r"site\.\w+\.css$", p.name)
        )
        static_url = f"{base}/static/css/{css.name}"
        page = "/seminarier/"
        seminar = "/seminarier/bench-seminarium-40/"
        visitor = Visitor(HOST, port, seminar)
        time.sleep(3.2)  # the form's minimum fill time
        for _ in range(20):
            urllib_get = HTTPConnection(HOST, port, timeout=30)
            urllib_get.request("GET", page)
            urllib_get.getresponse().read()

        log(f"Statisk fil {max(2, duration // 3)} s …")
        static_before = measure(static_url, max(2, duration // 3), args.connections)["rps"]
        log(f"Sidan {page} i {duration} s medan {SIGNUPS_PER_SECOND} anmälningar/s kommer in …")
        stop = threading.Event()
        results, sampler_result = [], []
        sampler = threading.Thread(
            target=lambda: sampler_result.extend(hit_rate(HOST, port, page, stop))
        )
        total = duration * SIGNUPS_PER_SECOND

        def post_at_a_steady_rate():
            with ThreadPoolExecutor(max_workers=32) as pool:
                began = time.monotonic()
                futures = []
                for number in range(total):
                    delay = began + number / SIGNUPS_PER_SECOND - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                    futures.append(pool.submit(visitor.sign_up, number))
                results.extend(f.result() for f in futures)

        poster = threading.Thread(target=post_at_a_steady_rate)
        sampler.start()
        poster.start()
        loaded = measure(base + page, duration, args.connections)
        poster.join()
        stop.set()
        sampler.join()
        static_after = measure(static_url, max(2, duration // 3), args.connections)["rps"]

        statuses = [status for status, _ms in results]
        log(f"Svar: {sorted(set(statuses))}")
        latencies = sorted(ms for _status, ms in results)
        kept = (
            sqlite3.connect(workdir / "db.sqlite3")
            .execute("SELECT COUNT(*) FROM seminars_seminarregistration")
            .fetchone()[0]
        )
        log("Väntar på att utkorgen töms …")
        deadline = time.monotonic() + 120 + total * MAIL_DELAY / 4
        while len(inbox.received) < kept and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(3)
        static = statistics.fmean([static_before, static_after])
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        delivered, distinct = len(inbox.received), len(set(inbox.received))
        print(
            f"Sign-up day: {duration} s, {SIGNUPS_PER_SECOND} sign-ups/s to one seminar, "
            f"mail server answering after {MAIL_DELAY:.0f} s, gunicorn (3 × 2) and the worker "
            f"on core 0, load on core 1, {args.connections} connections.\n\n"
            "| measure | value |\n| --- | ---: |\n"
            f"| static file req/s (before / after) | {static_before:.0f} / {static_after:.0f} |\n"
            f"| `{page}` req/s under sign-ups | {loaded['rps']:.0f} |\n"
            f"| × static | {loaded['rps'] / static:.2f} |\n"
            f"| page cache hits (sampled) | {100 * statistics.fmean(sampler_result):.1f} % |\n"
            f"| sign-ups sent / answered 302 | {total} / {statuses.count(302)} |\n"
            f"| sign-up latency median / p99 | {statistics.median(latencies):.0f} ms / {p99:.0f} ms |\n"
            f"| sign-ups kept in the database | {kept} |\n"
            f"| mails delivered (distinct) | {delivered} ({distinct}) |"
        )
        ok = statuses.count(302) == total == kept == delivered == distinct and p99 < 1000
        print("\nTargets met." if ok else "\nTargets NOT met.")
        if not ok:
            sys.exit(1)
    finally:
        run.stop_processes(processes)
        smtp.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
