"""Download counts, added up in the process and written to the database within a minute.

A popular case can be downloaded hundreds of times a second when a newsletter goes out.
One database write per download would make every download wait for the write lock
(SQLite) or a row lock (PostgreSQL) on the same row. Instead each process keeps a tally
and writes it in one transaction: when a download comes in and the last write is older
than DOWNLOAD_COUNTS_WRITE_SECONDS, or at the latest that long after the first download
not yet written (a timer), and when the process stops (gunicorn's worker_exit hook and
atexit). A count that fails to be written stays in the tally for the next write.

With DOWNLOAD_COUNTS_WRITE_SECONDS = 0 every download is written at once.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from forvaltningskultur import pagecache

logger = logging.getLogger(__name__)


class Tally:
    def __init__(self):
        self._pending = Counter()
        self._lock = threading.Lock()
        self._last_write = time.monotonic()
        self._timer = None

    def add(self, key):
        seconds = settings.DOWNLOAD_COUNTS_WRITE_SECONDS
        with self._lock:
            self._pending[key] += 1
            due = time.monotonic() - self._last_write >= seconds
            if not due:
                self._start_timer()
        if due:
            self.write()

    def _start_timer(self):
        """A write at the latest DOWNLOAD_COUNTS_WRITE_SECONDS from now (lock held)."""
        seconds = settings.DOWNLOAD_COUNTS_WRITE_SECONDS
        if self._timer is None and seconds > 0:
            self._timer = threading.Timer(seconds, self._write_from_timer)
            self._timer.daemon = True
            self._timer.start()

    def discard(self):
        """Forget what is not written yet (for tests, whose database is rolled back)."""
        with self._lock:
            self._pending.clear()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def pending(self) -> int:
        with self._lock:
            return sum(self._pending.values())

    def write(self):
        """Write what has been counted so far; keep it if the database says no."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._last_write = time.monotonic()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if not pending:
            return
        from .models import Dilemma, DownloadCount

        try:
            # A case deleted since its download has taken its counts with it.
            ids = {key[2] for key in pending if key[2] is not None}
            gone = ids - set(Dilemma.objects.filter(pk__in=ids).values_list("pk", flat=True))
            with transaction.atomic():  # in a fixed order, so two processes never deadlock
                for key, number in sorted(pending.items(), key=repr):
                    month, kind, dilemma_id, pack = key
                    if dilemma_id in gone:
                        continue
                    row, _created = DownloadCount.objects.get_or_create(
                        month=month, kind=kind, dilemma_id=dilemma_id, pack=pack
                    )
                    DownloadCount.objects.filter(pk=row.pk).update(count=F("count") + number)
        except DatabaseError:
            logger.exception("Kunde inte spara %d nedladdningar; försöker igen", pending.total())
            with self._lock:
                self._pending.update(pending)
                self._start_timer()

    def _write_from_timer(self):
        with self._lock:
            self._timer = None
        try:
            self.write()
        finally:
            # The timer's thread has a database connection of its own: close it.
            close_old_connections()
            connection.close()


tally = Tally()
atexit.register(tally.write)


def count(*, kind, dilemma_id=None, pack=""):
    """One download of a case or a pack, in this month (Swedish time)."""
    month = timezone.localdate().replace(day=1)
    tally.add((month, kind, dilemma_id, pack))


def record(*, dilemma=None, pack_slugs=()) -> dict:
    """Count one download of a case or of a pack; returns the arguments given to count()."""
    from .models import DownloadCount

    if dilemma is not None:
        what = {"kind": DownloadCount.Kind.CASE.value, "dilemma_id": dilemma.pk}
    else:
        what = {"kind": DownloadCount.Kind.PACK.value, "pack": ",".join(sorted(pack_slugs))}
    count(**what)
    return what


def count_every_download(response, *, dilemma=None, pack_slugs=()):
    """Count this download, and each one the page cache answers with the same response."""
    what = record(dilemma=dilemma, pack_slugs=pack_slugs)
    return pagecache.on_every_hit(response, f"{__name__}.count", **what)
