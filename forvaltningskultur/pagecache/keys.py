"""Which requests the cache may answer, and the key of each: made from what the view
reads, and nothing else.

A cached view declares the query parameters it reads (`uses_query`); the others are
dropped, from the key and from the request the view sees, so `/om/?utm=1` is `/om/`
and junk cannot make entries. The host is part of the key, and only hosts in
ALLOWED_HOSTS are answered (Django's own check, `get_host`). The site has one language,
so `Vary: Accept-Language` changes nothing; with more than one, the language the
request asks for is part of the key as well.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.urls import Resolver404, get_resolver
from django.utils import translation

ENTRY_FORMAT = 3  # part of the key: a release that changes the entries starts afresh
NO_CACHE_PREFIXES = ("/admin/", "/anmalan/", "/media/", "/static/", "/healthz")
MAX_QUERY = 300  # a longer query (a pasted essay in the search box) is not stored


def uses_query(*names):
    """Declare the query parameters a cached view reads, e.g. @uses_query("sida", "q").
    For a class-based view, set `page_cache_query = (...)` on the class instead."""

    def decorate(view):
        view.page_cache_query = frozenset(names)
        return view

    return decorate


def cacheable_request(request) -> bool:
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(NO_CACHE_PREFIXES):
        return False
    # Logged-in staff see previews and admin links, and a pending message must be shown:
    # never from the cache.
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


@functools.lru_cache(maxsize=4096)
def declared_query(path: str) -> frozenset | None:
    """The query parameters the view at `path` reads; None: no such page."""
    try:
        match = get_resolver().resolve(path)
    except Resolver404:
        return None
    view = match.func
    declared = getattr(getattr(view, "view_class", None), "page_cache_query", None)
    if declared is None:
        declared = getattr(view, "page_cache_query", ())
    return frozenset(declared)


def kept_query(request, declared: frozenset) -> str:
    """The declared parameters of this request, in order of name (a longer one than
    MAX_QUERY, a pasted essay in the search box, is answered but not stored)."""
    if not request.META.get("QUERY_STRING"):
        return ""
    pairs = sorted(  # by name; a name's values keep their order (a pack's cases)
        (
            (name, value)
            for name, values in request.GET.lists()
            if name in declared
            for value in values
            if value != ""
        ),
        key=lambda pair: pair[0],
    )
    return urlencode(pairs)


def narrow(request, query: str):
    """Let the view see only the declared parameters, as the key does."""
    if request.META.get("QUERY_STRING", "") != query:
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def page_key(snapshot, request, query: str) -> str:
    parts = [request.get_host(), request.path, query]
    if len(settings.LANGUAGES) > 1:
        parts.append(translation.get_language_from_request(request))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"page:{ENTRY_FORMAT}:{snapshot.content}:{snapshot.epoch}:{digest}"
