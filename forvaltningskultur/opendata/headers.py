"""What every open-data answer carries, whatever view made it: read-only (405 for all
but GET and HEAD, OPTIONS too), open to every origin, and the licence as a Link header."""

from functools import wraps

from django.http import HttpResponseNotAllowed

from .common import LICENCE_URL

# Every query parameter an open-data view reads (the page cache keys on these only).
QUERY = ("tema", "princip", "malgrupp", "typ", "myndighet", "from", "to", "sida", "per_sida")


def open_data(view, *, frameable=False):
    """Wrap a view (the API's or ours). `frameable`: the widgets may be framed anywhere,
    the CSP and X-Frame-Options are set by their own decorators."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        head = request.method == "HEAD"
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
        else:
            if head:
                request.method = "GET"
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        # A page elsewhere may read the validators (ETag is not readable unless named).
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
