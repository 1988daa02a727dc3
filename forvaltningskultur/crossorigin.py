"""Cross-site protection for the public forms, without a cookie: the browser says where
a form was sent from, and a form sent from another site is refused.

Django's CSRF protection needs a cookie on the visitor's first visit to a page with a
form. Visitors get no cookie at all (the Kakor page says so, and a cached page is then
the same bytes for everyone), so the public forms are `csrf_exempt` and checked here
instead, as Go 1.25's `http.CrossOriginProtection` does:

1. GET, HEAD, OPTIONS and TRACE change nothing and pass.
2. An `Origin` listed in `settings.CSRF_TRUSTED_ORIGINS` passes (the one list of
   other origins allowed to post here, shared with Django's CSRF for admin).
3. `Sec-Fetch-Site`, which the browser sets and no page can forge, decides when it is
   there: `same-origin` passes; `none` passes too, because the browser sends it only
   for what the user did themselves (the address bar, a bookmark, a reload), never
   for a request another site made; `same-site` (a sibling subdomain, which may be
   someone else's) and `cross-site` are refused.
4. Without it (an older browser, or plain HTTP to a host other than localhost, where
   browsers leave out the `Sec-Fetch-*` headers), `Origin` must be this site's own:
   the request's scheme and host (`request.get_host()`, so only `ALLOWED_HOSTS`).
   `Origin: null` (a sandboxed frame, a `data:` page, a redirect across sites) is
   refused.
5. With neither header the request passes. Every browser in use sends one of the two
   on a POST, so a request with neither was not made by a browser, and cross-site
   forgery is an attack through a victim's browser: a script posting from its own
   machine holds nothing of the victim's to abuse (the forms act on what is in the
   form, no session), and could as well send any header it likes. Refusing it would
   only break curl, monitoring and tests.

A refused form changes nothing and gets a Swedish 403 page. Staff forms in admin keep
Django's CSRF (their session is worth protecting twice); `csrf_failure` is its page.
"""

import logging
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})


def _trusted(origin: str) -> bool:
    """`origin` is in CSRF_TRUSTED_ORIGINS, read as Django reads it (`https://*.x.se`
    names every subdomain of x.se)."""
    for entry in (entry.lower() for entry in settings.CSRF_TRUSTED_ORIGINS):
        scheme, _, host = entry.partition("://")
        if origin == entry or (
            host.startswith("*.")
            and origin.startswith(scheme + "://")
            and origin.endswith(host[1:])
        ):
            return True
    return False


def sent_from_elsewhere(request) -> bool:
    """True when an unsafe request was sent by another site's page (see the module)."""
    if request.method in SAFE_METHODS:
        return False
    origin = request.headers.get("Origin", "").lower()
    if origin and origin != "null" and _trusted(origin):
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site", "").lower()
    if fetch_site:
        return fetch_site not in ALLOWED_FETCH_SITES
    if not origin:
        return False  # neither header: not a browser (point 5 of the module's docstring)
    return origin != f"{request.scheme}://{request.get_host()}".lower()


def refused(request, back=""):
    """The Swedish 403 page for a form sent from another site."""
    logger.warning(
        "Formulär från en annan webbplats avvisades: %s %s (Sec-Fetch-Site: %s, Origin: %s)",
        request.method,
        request.path,
        request.headers.get("Sec-Fetch-Site", "-"),
        request.headers.get("Origin", "-"),
    )
    context = {"back": back or request.path}
    response = render(request, "cross_site_refused.html", context, status=403)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def public_form(view=None, *, back=None):
    """Protect a public view that takes a form without a CSRF cookie: `csrf_exempt`,
    with the `Sec-Fetch-Site`/`Origin` check above on unsafe methods instead.

    Decorates a function view or a class-based view. `back(request, *args, **kwargs)`
    gives the refusal page's link back to the form (by default the posted address,
    for a view that shows its form on GET)."""
    if view is None:
        return lambda view: public_form(view, back=back)
    if isinstance(view, type):
        return method_decorator(public_form(back=back), name="dispatch")(view)

    @wraps(view)
    def checked(request, *args, **kwargs):
        if sent_from_elsewhere(request):
            return refused(request, back(request, *args, **kwargs) if back else "")
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: Django's CSRF refused a staff form (admin). In Swedish,
    with what to do, and no hint about DEBUG; the reason is in Django's own log line."""
    response = render(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "private, no-store"
    return response
