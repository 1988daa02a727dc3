"""What every open-data answer carries, whatever view made it: read-only (405 for all
but GET, HEAD and OPTIONS), open to every origin, and the licence as a Link header."""

from functools import wraps

from django.http import HttpResponse, HttpResponseNotAllowed

from .common import LICENCE_URL

# Every query parameter an open-data view reads (the page cache keys on these only).
QUERY = ("tema", "princip", "malgrupp", "typ", "myndighet", "from", "to", "sida", "per_sida")


def open_data(view, *, frameable=False):
    """Wrap a view (the API's or ours). `frameable`: the widgets may be framed anywhere,
    the CSP and X-Frame-Options are set by their own decorators."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        head = request.method == "HEAD"
        if request.method == "OPTIONS":
            response = preflight()
        elif request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])
        else:
            if head:
                request.method = "GET"
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        # A page elsewhere may read the validators, to ask again with If-None-Match.
        response["Access-Control-Expose-Headers"] = "ETag, Link"
        response["Link"] = f'<{LICENCE_URL}>; rel="license"'
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        if head:
            request.method = "HEAD"
            response.content = b""
        return response

    wrapped.page_cache_query = frozenset(QUERY)
    wrapped.csrf_exempt = True
    return wrapped


def preflight():
    """OPTIONS: what may be asked. A page on another site that sends If-None-Match (not a
    header a browser lets through unasked) gets this answer to its preflight first."""
    response = HttpResponse(status=204)
    del response["Content-Type"]  # no body, so no type
    response["Allow"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Methods"] = "GET, HEAD"
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Max-Age"] = "86400"
    return response
