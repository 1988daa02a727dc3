"""The middleware: answer anonymous GETs from the cache, store what may be stored.

It sits right after whitenoise, so a hit skips the rest of the chain and asks nothing of
the database (the snapshot in state.py is read at most once a second per process). A
miss runs the whole chain (CSP, frame options, the view) and the response is stored with
its headers and the seat values it showed; SecurityMiddleware, outside this one, still
adds its headers to every hit. Pages are the same bytes for every visitor (no cookie, no
token, no nonce), so they are stored compressed too (Brotli and gzip) and sent that way
to browsers that accept it.

A download (a response with Content-Disposition) is stored only when its view asks for
it with `on_every_hit(response, "dotted.function", **kwargs)`: the function is then
called for every answer from the cache too (a dilemma PDF's download count).
"""

import functools
import gzip
import hashlib

import brotli
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string

from ..middleware import BadInputMiddleware, busy_response
from . import keys, state, store

CACHEABLE_TYPES = (
    "text/html",
    "application/xml",
    "application/rss+xml",
    "text/calendar",
    "text/plain",
    "application/json",  # the open-data API
    "application/rdf+xml",  # its DCAT catalogue
)
MIN_COMPRESS_BYTES = 500  # below this, compressing saves less than it costs
# The request headers a stored page may vary on: Cookie (only requests without the
# session and message cookies are answered, and pages do not read others),
# Accept-Encoding (handled here) and Accept-Language (keys.page_key).
UNDERSTOOD_VARY = {"cookie", "accept-encoding", "accept-language"}
SKIPPED_HEADERS = {"set-cookie", "date", "content-length", "vary", "etag", "x-page-cache"}
# While the database does not answer, a page from the cache may be kept this long.
STALE_CACHE_CONTROL = "max-age=10"


def on_every_hit(response, function: str, **kwargs):
    """Store this response even though it is a download, and call function(**kwargs)
    whenever the cache answers a GET with it (it must be quick: a counter, say)."""
    response.page_cache_on_hit = (function, kwargs)
    return response


@functools.cache
def _hook(function: str):
    return import_string(function)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not keys.cacheable_request(request):
            return self.get_response(request)
        declared = keys.declared_query(request.path_info)
        if declared is None:  # no such page
            return self.get_response(request)
        if request.META.get("QUERY_STRING") and BadInputMiddleware.problem(request):
            return self.get_response(request)  # refused further on, with its reason
        query = keys.kept_query(request, declared)
        keys.narrow(request, query)
        try:
            snapshot = state.current()
        except state.Unavailable:  # no database, and no snapshot ever: the view decides
            return self.get_response(request)
        now_us = state.us(timezone.now())
        if len(query) > keys.MAX_QUERY or (snapshot.expired(now_us) and not snapshot.stale):
            return self.get_response(request)  # not worth an entry; or being read again
        key = keys.page_key(snapshot, request, query)
        entry = store.get(key)
        if entry is not None and snapshot.shows(entry["depends"]):
            return _from_entry(request, entry, stale=snapshot.stale)
        if snapshot.stale:  # the database did not answer just now: do not wait for it
            return busy_response(request)
        with state.recording() as shown:
            response = self.get_response(request)
        if _storable(response) and state.CONFLICT not in shown:
            store.put(key, _to_entry(response, shown))
        return response


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    hook = getattr(response, "page_cache_on_hit", None)
    if response.has_header("Content-Disposition") and hook is None:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}
    if not vary <= UNDERSTOOD_VARY:
        return False
    return hook is not None or response.get("Content-Type", "").startswith(CACHEABLE_TYPES)


def _to_entry(response, shown: dict) -> dict:
    body = response.content
    headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
    # The view's own ETag when it has one that stays the same for the same content
    # (a PDF's bytes differ from one rendering to the next), else the body's digest.
    etag = response.get("ETag", "")
    if not etag or etag.startswith("W/"):
        etag = hashlib.sha256(body).hexdigest()[:32]
    compressible = response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
    return {
        "body": body,
        "headers": headers,
        "vary": response.get("Vary", ""),
        "etag": etag.strip('"'),
        "encoded": _compressed(body) if compressible else {},
        "last_modified": parse_http_date_safe(response.get("Last-Modified", "")),
        "on_hit": getattr(response, "page_cache_on_hit", None),
        "depends": shown,
    }


def _from_entry(request, entry, *, stale=False):
    encoded = entry["encoded"]
    encoding = _accepted_encoding(request, encoded)
    etag = f'"{entry["etag"]}-{encoding}"' if encoding else f'"{entry["etag"]}"'
    meta = request.META
    if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
        response = get_conditional_response(
            request, etag=etag, last_modified=entry["last_modified"]
        )
        if response is not None:
            # A 304 carries the validators and caching rules the full answer would.
            for name, value in entry["headers"]:
                if name.lower() in ("cache-control", "expires", "last-modified"):
                    response[name] = value
            return _finish(response, entry, etag, encoded, stale)
    if entry["on_hit"] and request.method == "GET":
        function, kwargs = entry["on_hit"]
        _hook(function)(**kwargs)
    body = encoded[encoding] if encoding else entry["body"]
    response = HttpResponse(b"" if request.method == "HEAD" else body)
    for name, value in entry["headers"]:
        response[name] = value
    if encoding:
        response["Content-Encoding"] = encoding
    response["X-Page-Cache"] = "stale" if stale else "hit"
    return _finish(response, entry, etag, encoded, stale)


def _finish(response, entry, etag, encoded, stale):
    response["ETag"] = etag
    if entry["vary"]:
        response["Vary"] = entry["vary"]
    if encoded:
        patch_vary_headers(response, ("Accept-Encoding",))
    if stale:
        response["Cache-Control"] = STALE_CACHE_CONTROL
    return response


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
