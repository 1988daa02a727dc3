"""Where entries live: Django's cache (local memory per worker by default, Redis when
CACHE_URL says so), and the entries each process used last in its own memory as well.

A key holds the content version and the epoch, so an entry changes only when the seats
it showed have changed, and then the new one is written under the same key: the process
keeps what it used last (cachetools' TTLCache, sized in bytes, up to
PAGE_CACHE_PROCESS_BYTES) and a hit skips the shared cache (with Redis, a round trip that
carries the whole entry). Entries of old versions, used longest ago, are the first to
go; none is kept longer than the shared cache keeps it (PAGE_TIMEOUT).
"""

import logging
import threading

from cachetools import TTLCache
from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

PAGE_TIMEOUT = 24 * 60 * 60  # only to let unused versions fall out of the cache
# What an entry costs besides its bodies, its key and its headers (the dict, the tuples,
# the strings' own overhead), measured at about 1.5 kB for a small page.
OVERHEAD = 2048


def size(entry) -> int:
    bodies = len(entry["body"]) + sum(len(body) for body in entry["encoded"].values())
    headers = sum(len(name) + len(value) for name, value in entry["headers"])
    return OVERHEAD + bodies + headers


class RecentEntries:
    """The entries this process used last (thread-safe: cachetools' caches are not)."""

    def __init__(self, timer=None):
        self._timer = timer
        self._lock = threading.Lock()
        self._entries = self._new()

    def _new(self):
        extra = {"timer": self._timer} if self._timer else {}
        return TTLCache(
            maxsize=settings.PAGE_CACHE_PROCESS_BYTES, ttl=PAGE_TIMEOUT, getsizeof=size, **extra
        )

    def get(self, key):
        with self._lock:
            return self._entries.get(key)

    def put(self, key, entry):
        with self._lock:
            try:
                self._entries[key] = entry
            except ValueError:  # larger than the whole budget: not kept here
                self._entries.pop(key, None)

    @property
    def bytes(self) -> int:
        return self._entries.currsize

    def clear(self):
        with self._lock:
            self._entries = self._new()  # the budget may have changed (tests)


recent = RecentEntries()


def get(key):
    entry = recent.get(key)
    if entry is None:
        try:
            entry = cache.get(key)
        except Exception:
            log.warning("Den delade cachen svarar inte.", exc_info=True)
            return None
        if entry is not None:
            recent.put(key, entry)
    return entry


def put(key, entry):
    recent.put(key, entry)
    try:
        cache.set(key, entry, PAGE_TIMEOUT)
    except Exception:
        log.warning("Den delade cachen svarar inte.", exc_info=True)
