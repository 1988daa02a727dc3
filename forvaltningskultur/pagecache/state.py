"""What cached pages depend on, and how each process learns that it has changed.

Two kinds of change, in one small table (models.PageState), written in the transaction
that makes the change and never on the way to serving a page:

- the **content version** ("content"): any saved content, page or link moves it on,
  so every page is stale (an edit shows everywhere it appears, at once);
- an **event's seats** ("seminars.seminar:12:confirmed", ":waitlist", ":full"): a
  sign-up or cancellation writes only these. A page records the seat values it showed
  while it was rendered (`depends_on`), and an entry is served only while they are
  still the values in the table: the seminar's own page (which shows the count) is
  made anew, a list that shows only the badge stays until the event fills up, and the
  pages that do not show that event are not touched.

Time changes pages too (a scheduled publication, a sign-up opening or closing, an event
starting or ending). Each process works out, read-only, the last such moment that has
passed (the *epoch*, part of every key) and the next one; when the clock passes it, the
keys change. Every process computes the same epoch from the same database, so no row is
written and no cron is needed.

A process reads the table whole at most once per PAGE_CACHE_STATE_SECONDS (one query,
shared by every request in that time): that is the staleness bound for changes made in
another process; the process that makes a change sees it at once. One thread reads while
the others go on with what they have. When the database does not answer, the last
snapshot is used (marked stale) and read again a few seconds later, so cached pages are
still served; a process that has never read one takes the last one any process
stored in the shared cache.

A new content version is at least the time in microseconds, so a number is never used
twice: when a restored backup puts back an older number, the next change jumps past
every number the lost changes used, and their pages are never served.
"""

import contextlib
import contextvars
import dataclasses
import datetime as dt
import logging
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Max, Min, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from ..models import PageState
from ..publishing import Publishable

log = logging.getLogger(__name__)

CONTENT = "content"
FAR_FUTURE_US = 253_402_300_800_000_000  # 10000-01-01
SHARED_KEY = "pagecache:state"  # the last snapshot any process read, for a cold start
# After the database failed to answer, the next try: each try may wait for the lock or
# the connection timeout, so not every second.
RETRY_AFTER_FAILURE = 5.0
STATE_SQL = "SELECT name, value FROM forvaltningskultur_pagestate"


def us(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


# --- Writing: changes ---------------------------------------------------------


def content_changed(using="default", **kwargs):
    """Signal receiver: something every page may show has changed."""
    if kwargs.get("raw"):
        return
    # In the database, so that two processes changing at once both move it on.
    following = Greatest(F("value") + 1, Value(us(timezone.now())))
    rows = PageState.objects.using(using)
    if not rows.filter(name=CONTENT).update(value=following):
        rows.get_or_create(name=CONTENT, defaults={"value": us(timezone.now())})
    _seen_here(using)


def seat_key(event, part: str) -> str:
    return f"{event._meta.label_lower}:{event.pk}:{part}"


def seats_changed(model, event_id, using="default"):
    """An event's seats may have changed (a sign-up, a cancellation, a new capacity):
    write what its pages show, in the caller's transaction."""
    label = model._meta.label_lower
    events = _with_seats(model, using).filter(pk=event_id)
    if not _write_seats(label, events, using):
        names = [f"{label}:{event_id}:{part}" for part in SEAT_PARTS]
        PageState.objects.using(using).filter(name__in=names).delete()
    _seen_here(using)


def sync_all_seats(using="default"):
    """Every event's seat rows from its registrations (after a migrate or a restore):
    one query and one write per kind of event."""
    from ..registration.models import RegistrableEvent

    for model in apps.get_models():
        if issubclass(model, RegistrableEvent):
            _write_seats(model._meta.label_lower, _with_seats(model, using), using)
    _seen_here(using)


SEAT_PARTS = ("confirmed", "waitlist", "full")


def _with_seats(model, using):
    return (
        model._default_manager.using(using)
        .with_registration_counts()
        .values("pk", "capacity", "n_confirmed", "n_waitlist")
    )


def _write_seats(label, events, using) -> int:
    """Upsert the seat rows of `events` (dicts from _with_seats); how many events."""
    rows = []
    for event in events:
        full = int(event["n_confirmed"] >= event["capacity"])
        values = (event["n_confirmed"], event["n_waitlist"], full)
        for part, value in zip(SEAT_PARTS, values, strict=True):
            rows.append(PageState(name=f"{label}:{event['pk']}:{part}", value=value))
    PageState.objects.using(using).bulk_create(
        rows, update_conflicts=True, unique_fields=["name"], update_fields=["value"]
    )
    return len(rows) // len(SEAT_PARTS)


def _seen_here(using):
    """This process sees its own change at once: now (for the rest of this request and
    for tests, which run inside a transaction) and again after the commit (a request
    that read the table meanwhile read it from before the change)."""
    forget()
    transaction.on_commit(forget, using=using)


# --- Reading: the snapshot --------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Snapshot:
    content: int
    values: dict  # seat rows: name -> value
    epoch: int  # the last time boundary passed (µs), part of every key
    until_us: int  # the next one: the epoch is worth nothing from then on
    fresh_until: float  # monotonic: read the table again after this
    stale: bool = False  # the database did not answer: the last snapshot we had

    def shows(self, depends: dict) -> bool:
        """Whether a page that showed these values shows what the table says now. An
        event with no rows yet (made by bulk_create, say) has had no sign-up since it
        was made: 0 seats taken, not full."""
        values = self.values
        return all(values.get(name, 0) == value for name, value in depends.items())

    def expired(self, now_us: int) -> bool:
        return now_us >= self.until_us


class Unavailable(Exception):
    """No snapshot: the database does not answer and none was ever read."""


_current: Snapshot | None = None
_reading = threading.Lock()


def forget():
    """Read the table again on the next request."""
    global _current
    if _current is not None:
        _current = dataclasses.replace(_current, fresh_until=0.0)


def reset():
    """Forget everything (tests: each starts with a rolled-back database)."""
    global _current
    _current = None


def current() -> Snapshot:
    """The snapshot to key pages by: read again when it is older than the bound or the
    clock has passed its next boundary; while another thread reads, the one we have."""
    global _current
    snapshot = _current
    now = time.monotonic()
    if (
        snapshot is not None
        and now < snapshot.fresh_until
        and (snapshot.stale or not snapshot.expired(us(timezone.now())))
    ):
        return snapshot
    if not _reading.acquire(blocking=snapshot is None):
        return snapshot
    try:
        if _current is not snapshot and _current is not None and now < _current.fresh_until:
            return _current  # another thread read it while this one waited
        try:
            snapshot = _read(snapshot)
        except DatabaseError as error:
            snapshot = _fallback(snapshot, error)
        _current = snapshot
        return snapshot
    finally:
        _reading.release()


def _read(previous: Snapshot | None) -> Snapshot:
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL)
        values = dict(cursor.fetchall())
    content = values.pop(CONTENT, 0)
    now = timezone.now()
    if (
        previous is not None
        and not previous.stale
        and previous.content == content
        and not previous.expired(us(now))
    ):
        epoch, until_us = previous.epoch, previous.until_us
    else:
        epoch, until_us = boundaries(now)
    snapshot = Snapshot(content, values, epoch, until_us, time.monotonic() + _bound())
    try:
        cache.set(SHARED_KEY, dataclasses.asdict(snapshot), 24 * 60 * 60)
    except Exception:
        log.warning("Sidcachens läge kunde inte sparas i den delade cachen.", exc_info=True)
    return snapshot


def _fallback(previous: Snapshot | None, error) -> Snapshot:
    """The database did not answer: the last snapshot, stale, tried again after the
    bound."""
    log.warning("Databasen svarar inte; sidor serveras ur cachen: %s", error)
    if previous is None:
        try:
            shared = cache.get(SHARED_KEY)
        except Exception:
            shared = None
        if shared is None:
            raise Unavailable from error
        previous = Snapshot(**shared)
    retry = max(_bound(), RETRY_AFTER_FAILURE)
    return dataclasses.replace(previous, fresh_until=time.monotonic() + retry, stale=True)


def _bound() -> float:
    return settings.PAGE_CACHE_STATE_SECONDS


# --- Time boundaries ----------------------------------------------------------------


def _time_fields():
    from ..registration.models import RegistrableEvent

    for model in apps.get_models():
        fields = []
        if issubclass(model, Publishable):
            fields.append("publish_at")
        if issubclass(model, RegistrableEvent):
            fields += ["signup_opens_at", "signup_closes_at", "starts_at", "ends_at"]
        if fields:
            yield model, fields


def boundaries(now: dt.datetime) -> tuple[int, int]:
    """The last moment up to now at which some page changed without anyone saving, and
    the next one (µs): one read-only query per model with time fields."""
    passed, coming = [0], [FAR_FUTURE_US]
    for model, fields in _time_fields():
        aggregates = {}
        for f in fields:
            aggregates[f"{f}_last"] = Max(f, filter=Q(**{f"{f}__lte": now}))
            aggregates[f"{f}_next"] = Min(f, filter=Q(**{f"{f}__gt": now}))
        for name, moment in model._default_manager.aggregate(**aggregates).items():
            if moment is not None:
                (passed if name.endswith("_last") else coming).append(us(moment))
    return max(passed), min(coming)


# --- What a page showed --------------------------------------------------------------

_recording: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "pagecache_depends", default=None
)
CONFLICT = object()


def depends_on(name: str, value: int):
    """The page being rendered shows `name` (a seat row) with this value."""
    shown = _recording.get()
    if shown is None:
        return
    if shown.setdefault(name, value) != value:  # it changed while the page was made
        shown[CONFLICT] = True


@contextlib.contextmanager
def recording():
    """Collect what the page rendered inside shows; CONFLICT in it: do not store."""
    shown = {}
    token = _recording.set(shown)
    try:
        yield shown
    finally:
        _recording.reset(token)
