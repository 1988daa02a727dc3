"""Whole-page cache for anonymous visitors, invalidated by content changes and by time.

Every cached page is keyed by the site's content version. The version goes up when any
content, registration or page is saved or deleted (signals), and when the clock passes
the next moment at which a page would change by itself: a scheduled publication, a
sign-up opening or closing, an event starting or ending. So changes show at once, with
no timeout and no cron.

The version lives in the database (one row), so several gunicorn workers and several
machines agree on it; the pages themselves live in Django's cache (local memory per
worker by default, Redis when CACHE_URL says so), and each process keeps the entries it
used last in its own memory as well (`recent`): an entry never changes, since its key
holds the version. A new version is at least the time in microseconds, so a number is
never used twice: when a restored backup puts back an older number, the next change
jumps past every number the lost changes used, and their pages, still in a cache that
outlived the restore, are never served.

Pages with a form carry a CSRF token and pages may carry a CSP nonce: both are replaced
with fresh values for each visitor, so a cached page never hands out someone else's.
Pages without either are the same bytes for everyone, so they are stored compressed too
(Brotli and gzip) and sent that way to browsers that accept it.

A download (a response with Content-Disposition) is stored only when its view asks for
it with `on_every_hit(response, "dotted.function", **kwargs)`: the function is then
called for every answer from the cache too (a dilemma PDF's download count).
"""

import datetime as dt
import functools
import gzip
import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict

import brotli
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Min, Q, Value
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string

from .apps import SITE_APPS
from .models import SiteVersion
from .publishing import Publishable

CACHEABLE_TYPES = (
    "text/html",
    "application/xml",
    "application/rss+xml",
    "text/calendar",
    "text/plain",
)
NO_CACHE_PREFIXES = ("/admin/", "/anmalan/", "/media/", "/static/", "/healthz")
FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_PLACEHOLDER = b"__CSRF_TOKEN__"
NONCE_IN_HEADER = re.compile(r"'nonce-([^']+)'")
PAGE_TIMEOUT = 24 * 60 * 60  # only to let unused versions fall out of the cache
ENTRY_FORMAT = 2  # part of the key: a release that changes the entries starts afresh
MIN_COMPRESS_BYTES = 500  # below this, compressing saves less than it costs


# --- The version ------------------------------------------------------------


def _time_boundaries(now):
    """Every moment after now at which some page changes without anyone saving: one
    query per model, with the earliest future value of each of its time fields."""
    from .registration.models import RegistrableEvent

    for model in apps.get_models():
        fields = []
        if issubclass(model, Publishable):
            fields.append("publish_at")
        if issubclass(model, RegistrableEvent):
            fields += ["signup_opens_at", "signup_closes_at", "starts_at", "ends_at"]
        if fields:
            earliest = {f: Min(f, filter=Q(**{f"{f}__gt": now})) for f in fields}
            yield from model._default_manager.aggregate(**earliest).values()


def next_boundary(now=None):
    now = now or timezone.now()
    return min((t for t in _time_boundaries(now) if t is not None), default=FAR_FUTURE)


def _us(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


VERSION_SQL = "SELECT number, valid_until_us FROM forvaltningskultur_siteversion WHERE id = 1"


def current_version() -> int:
    """The content version now; moves it on when its time has run out.

    One plain query on the hot path; the boundaries are computed only when a version
    is new or has run out. The new boundary is written only if no one has changed the
    row meanwhile: a change saved while the boundaries were being computed must not be
    undone (its pages would be served from before it).
    """
    now = timezone.now()
    number = None
    for _attempt in range(5):
        with connection.cursor() as cursor:
            cursor.execute(VERSION_SQL)
            row = cursor.fetchone()
        if row is None:  # a new database: start from the time too (see bump())
            SiteVersion.objects.get_or_create(pk=1, defaults={"number": _us(now)})
            continue
        number, valid_until_us = row
        if valid_until_us is not None and _us(now) < valid_until_us:
            return number
        # New (after a change), or run out (a scheduled change has happened).
        following = number if valid_until_us is None else max(number + 1, _us(now))
        boundary = _us(next_boundary(now))
        unchanged = SiteVersion.objects.filter(pk=1, number=number, valid_until_us=valid_until_us)
        if unchanged.update(number=following, valid_until_us=boundary):
            return following
    # Changes keep coming: the last version read was current then, and the next request
    # sets its boundary.
    return number


def bump(using="default", **kwargs):
    """Something changed: every cached page is stale from now on."""
    if kwargs.get("raw"):
        return
    now = _us(timezone.now())
    # In the database, so that two processes bumping at once both move it on.
    following = Greatest(F("number") + 1, Value(now))
    versions = SiteVersion.objects.using(using)
    if not versions.filter(pk=1).update(number=following, valid_until_us=None):
        versions.get_or_create(pk=1, defaults={"number": now})


def new_release(using="default", **kwargs):
    """After `manage.py migrate`, run once per release and after a restore: pages cached
    by the previous release (old markup, old static file names) or before the restore
    must not be served. Skipped while the version table does not exist yet."""
    try:
        with transaction.atomic(using=using):
            bump(using=using)
    except DatabaseError:
        return


def connect_signals():
    """Watch the models whose rows show on pages: saves, deletes and their m2m links."""
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in SITE_APPS or meta.model_name.startswith("historical"):
            continue
        if not getattr(model, "affects_pages", True):  # statistics, site machinery
            continue
        uid = f"pagecache-{meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(bump, sender=model, dispatch_uid=uid + "-delete")
        for field in meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(bump, sender=through, dispatch_uid=f"{uid}-{field.name}-m2m")


# --- The middleware -------------------------------------------------------------


def _cacheable_request(request) -> bool:
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(NO_CACHE_PREFIXES):
        return False
    # Logged-in staff see previews and admin links, and a pending message must be shown:
    # never from the cache.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    hook = getattr(response, "page_cache_on_hit", None)
    if response.has_header("Content-Disposition") and hook is None:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    cookies = [name for name in response.cookies if name != settings.CSRF_COOKIE_NAME]
    if cookies:
        return False
    return hook is not None or response.get("Content-Type", "").startswith(CACHEABLE_TYPES)


def on_every_hit(response, function: str, **kwargs):
    """Store this response even though it is a download, and call function(**kwargs)
    whenever the cache answers a GET with it (it must be quick: a counter, say)."""
    response.page_cache_on_hit = (function, kwargs)
    return response


@functools.cache
def _hook(function: str):
    return import_string(function)


SKIPPED_HEADERS = {"set-cookie", "date", "content-length", "vary", "etag", "x-page-cache"}
CSRF_SECRET = re.compile(r"^[a-zA-Z0-9]{32}$")


class PageCacheMiddleware:
    """Serve anonymous GETs from the page cache.

    It sits right after whitenoise, so a hit skips the rest of the chain. A miss runs the
    whole chain (CSP, CSRF, frame options, the view) and the response is stored with its
    headers; SecurityMiddleware, outside this one, still adds its headers to every hit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"page:{ENTRY_FORMAT}:{current_version()}:{digest}"
        entry = recent.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                recent.put(key, entry)
        if entry is not None:
            return self._from_cache(request, entry)
        response = self.get_response(request)
        if _cacheable_response(response):
            entry = self._to_entry(response)
            cache.set(key, entry, PAGE_TIMEOUT)
            recent.put(key, entry)
        return response

    @staticmethod
    def _to_entry(response):
        body = response.content
        has_form = bool(CSRF_FIELD.search(body))
        if has_form:
            body = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", body)
        headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
        nonce = NONCE_IN_HEADER.search(response.get("Content-Security-Policy", ""))
        # The view's own ETag when it has one that stays the same for the same content
        # (a PDF's bytes differ from one rendering to the next), else the body's digest.
        etag = response.get("ETag", "")
        if has_form or not etag or etag.startswith("W/"):
            etag = hashlib.sha256(body).hexdigest()[:32]
        etag = etag.strip('"')
        compressible = response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        same_for_everyone = not has_form and not nonce and compressible
        return {
            "body": body,
            "headers": headers,
            "etag": etag,
            "has_form": has_form,
            "nonce": nonce.group(1) if nonce else None,
            "encoded": _compressed(body) if same_for_everyone else {},
            "last_modified": parse_http_date_safe(response.get("Last-Modified", "")),
            "on_hit": getattr(response, "page_cache_on_hit", None),
        }

    @staticmethod
    def _from_cache(request, entry):
        encoded = entry.get("encoded") or {}
        encoding = _accepted_encoding(request, encoded)
        etag = f'"{entry["etag"]}-{encoding}"' if encoding else f'"{entry["etag"]}"'
        meta = request.META
        conditional = "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta
        if conditional and not entry["has_form"]:
            response = get_conditional_response(
                request, etag=etag, last_modified=entry.get("last_modified")
            )
            if response is not None:
                # A 304 carries the validators and caching rules the full answer would.
                for name, value in entry["headers"]:
                    if name.lower() in ("cache-control", "expires", "last-modified"):
                        response[name] = value
                response["ETag"] = etag
                if encoded:
                    response["Vary"] = "Accept-Encoding"
                return response
        if entry.get("on_hit") and request.method == "GET":
            function, kwargs = entry["on_hit"]
            _hook(function)(**kwargs)
        body = encoded[encoding] if encoding else entry["body"]
        old_nonce = entry["nonce"]
        new_nonce = secrets.token_urlsafe(16) if old_nonce else None
        if old_nonce:
            body = body.replace(f'nonce="{old_nonce}"'.encode(), f'nonce="{new_nonce}"'.encode())
        secret = None
        if entry["has_form"]:
            secret, token = _csrf_token_for(request)
            body = body.replace(CSRF_PLACEHOLDER, token.encode())
        response = HttpResponse(b"" if request.method == "HEAD" else body)
        for name, value in entry["headers"]:
            if old_nonce and name == "Content-Security-Policy":
                value = value.replace(old_nonce, new_nonce)
            response[name] = value
        if entry["has_form"]:
            _set_csrf_cookie(response, secret)
        else:
            response["ETag"] = etag
        if encoding:
            response["Content-Encoding"] = encoding
        if encoded:
            response["Vary"] = "Accept-Encoding"
        response["X-Page-Cache"] = "hit"
        return response


class RecentEntries:
    """The page entries this process used last, up to PAGE_CACHE_PROCESS_BYTES.

    A key holds the content version, so its entry never changes and the process may
    keep it: a hit then skips the shared cache (with Redis, a round trip that carries the
    whole entry, plain and compressed). A change makes new keys; the entries of old
    versions, used longest ago, are the first to go when room is needed, and none is
    kept longer than the shared cache keeps it (PAGE_TIMEOUT).
    """

    # What an entry costs besides its bodies, its key and its headers (the dict, the
    # tuples, the strings' own overhead), measured at about 1.5 kB for a small page.
    OVERHEAD = 2048

    def __init__(self, clock=time.monotonic):
        self._entries = OrderedDict()  # key: (entry, bytes, until), last used at the end
        self._bytes = 0
        self._lock = threading.Lock()
        self.clock = clock

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[2] <= self.clock():
                self._bytes -= self._entries.pop(key)[1]
                return None
            self._entries.move_to_end(key)
            return found[0]

    @classmethod
    def size(cls, key, entry) -> int:
        bodies = len(entry["body"]) + sum(len(body) for body in entry["encoded"].values())
        headers = sum(len(name) + len(value) for name, value in entry["headers"])
        return cls.OVERHEAD + len(key) + bodies + headers

    def put(self, key, entry):
        budget = settings.PAGE_CACHE_PROCESS_BYTES
        size = self.size(key, entry)
        if size > budget:
            return
        with self._lock:
            if key in self._entries:
                self._bytes -= self._entries.pop(key)[1]
            self._entries[key] = (entry, size, self.clock() + PAGE_TIMEOUT)
            self._bytes += size
            while self._bytes > budget:
                self._bytes -= self._entries.popitem(last=False)[1][1]

    @property
    def bytes(self) -> int:
        return self._bytes

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._bytes = 0


recent = RecentEntries()


def _compressed(body: bytes) -> dict:
    if len(body) < MIN_COMPRESS_BYTES:
        return {}
    # Once per page and version. Brotli's level 5 takes about 0.3 ms for a 30 kB page and
    # gets within 10 % of level 11, which takes 30 ms.
    return {"br": brotli.compress(body, quality=5), "gzip": gzip.compress(body, 6, mtime=0)}


def _accepted_encoding(request, available) -> str | None:
    """'br' or 'gzip' when the browser accepts it (q above 0) and we have it."""
    if not available:
        return None
    accepted = set()
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = part.partition(";")
        quality = params.strip().removeprefix("q=").strip() if params else "1"
        try:
            if float(quality) > 0:
                accepted.add(name.strip().lower())
        except ValueError:
            continue
    return next((name for name in ("br", "gzip") if name in accepted and name in available), None)


# --- CSRF tokens on a hit -------------------------------------------------------
# The same format as Django's CsrfViewMiddleware (a 32-character secret in the cookie, a
# 64-character masked token in the form, CSRF_ALLOWED_CHARS), which checks them on POST.
# Made from one call to the OS's random source instead of one per character: a cached
# form page is served to many new visitors, each of whom needs a new secret.

_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_UNBIASED_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)  # bytes above this would skew


def _random_chars(length: int) -> str:
    chars = []
    while len(chars) < length:
        for byte in secrets.token_bytes(length + 8):
            if byte < _UNBIASED_BELOW:
                chars.append(CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)])
    return "".join(chars[:length])


def _masked(secret: str) -> str:
    """Django's masking: mask + (secret + mask, character by character, modulo 62)."""
    mask = _random_chars(CSRF_SECRET_LENGTH)
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CHAR_INDEX[s] + _CHAR_INDEX[m]) % size]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _csrf_token_for(request):
    """The visitor's CSRF secret (kept when their cookie is sound) and a masked token."""
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if not CSRF_SECRET.match(secret):
        secret = _random_chars(CSRF_SECRET_LENGTH)
    return secret, _masked(secret)


def _set_csrf_cookie(response, secret):
    """The same cookie CsrfViewMiddleware would set (this hit never reaches it)."""
    response.set_cookie(
        settings.CSRF_COOKIE_NAME,
        secret,
        max_age=settings.CSRF_COOKIE_AGE,
        domain=settings.CSRF_COOKIE_DOMAIN,
        path=settings.CSRF_COOKIE_PATH,
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=settings.CSRF_COOKIE_HTTPONLY,
        samesite=settings.CSRF_COOKIE_SAMESITE,
    )
    patch_vary_headers(response, ("Cookie",))
