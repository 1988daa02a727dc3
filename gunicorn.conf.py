"""gunicorn settings: workers and threads from the machine's cores, overridable by env."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - RAM, not a shared temp dir
timeout = 30
graceful_timeout = 20
accesslog = "-"
# The access log never carries query strings, and registrants' links are cut short.
logger_class = "forvaltningskultur.gunicorn_logging.RedactingLogger"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# What the workers write (the SQLite database and its WAL, uploads) is the service's own.
os.umask(0o077)


def post_worker_init(worker):
    """Load the PDF engine before the worker takes requests (forvaltningskultur/pdf.py)."""
    from forvaltningskultur.pdf import warm_up

    warm_up()


def worker_exit(server, worker):
    """Write the download counts this worker has not written yet (dilemmas/downloads.py)."""
    from dilemmas.downloads import tally

    tally.write()
