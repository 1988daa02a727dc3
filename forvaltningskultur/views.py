"""Site-wide views: start page, editable pages, health check and machine endpoints."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from .models import AccessibilityStatement, CouncilMember, Page, StartPage
from .pagecache import uses_query
from .publishing import PreviewResponseMixin, PublishedObjectMixin, draft_copy_for
from .search import MAX_QUERY_LENGTH, Results, registry


class HomeView(PreviewResponseMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["start"], preview = draft_copy_for(self.request, StartPage.objects.first())
        context.update(preview)
        return context


class PageView(PublishedObjectMixin, DetailView):
    """An editable page (/om/, /kontakt/ …); drafts only for staff, with the preview banner."""

    model = Page
    slug_field = slug_url_kwarg = "slot"
    context_object_name = "page"

    def get_template_names(self):
        if self.object.slot == Page.Slot.ABOUT:
            return ["pages/page_om.html"]
        return ["pages/page_detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.slot == Page.Slot.ABOUT:
            context["council"] = CouncilMember.objects.all()
        return context


def accessibility_statement(request):
    statement, preview = draft_copy_for(request, AccessibilityStatement.objects.first())
    if statement is None:
        raise Http404
    response = render(
        request, "pages/accessibility_statement.html", {"statement": statement, **preview}
    )
    if preview["preview"]:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@uses_query("q", "typ", "sida")
def search_view(request):
    """/sok/?q=…&typ=…: published content of every kind, best hits first."""
    results = Results(request.GET.get("q", ""), request.GET.get("typ", ""))
    kinds = [(key, plural) for key, plural, _singular in registry.names()]
    page = Paginator(results, 20).get_page(request.GET.get("sida"))
    query, selected = results.query, results.kind
    context = {
        "query": query,
        "results": results,
        "page_obj": page,
        "total": sum(results.counts.values()),
        "facets": [
            (key, name, results.counts[key]) for key, name in kinds if results.counts.get(key)
        ],
        "selected": selected,
        "max_length": MAX_QUERY_LENGTH,
        "extra_query": urlencode({"q": query, "typ": selected} if selected else {"q": query}),
        "too_long": results.too_long,
        "themes": [] if results.counts else themes_named(query),
    }
    return render(request, "search/results.html", context)


def themes_named(query: str):
    """Dilemma themes whose name holds a word of the query, for a search without hits."""
    from dilemmas.models import Dilemma, Theme

    from .search.text import fold, words

    wanted = {fold(w) for w in words(query) if len(w) >= 3}
    if not wanted:
        return []
    return [
        theme
        for theme in Theme.objects.filter(dilemmas__in=Dilemma.objects.published()).distinct()
        if any(w in fold(theme.name.lower()) for w in wanted)
    ][:5]


HEALTH_TIMEOUT = 2.0  # a load balancer's check must get an answer, even from a hung database
_health = {"executor": None, "lock": threading.Lock()}


def _database_answers() -> bool:
    # Runs in the health check's own thread, which keeps its connection between checks.
    try:
        connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        connection.close()
        return False
    return True


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers within HEALTH_TIMEOUT, 503 when it does not (or is
    still busy with the previous check). Used by load balancers."""
    with _health["lock"]:
        if _health["executor"] is None:  # one per process, made after gunicorn's fork
            _health["executor"] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")
    future = _health["executor"].submit(_database_answers)
    try:
        ok = future.result(timeout=HEALTH_TIMEOUT)
    except FutureTimeout:
        future.cancel()
        ok = False
    if not ok:
        return HttpResponse("databasen svarar inte\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    body = f"User-agent: *\nDisallow: /admin/\nDisallow: /anmalan/\n\nSitemap: {settings.SITE_URL}/sitemap.xml\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
def security_txt(request):
    body = render_to_string("security.txt", {"SITE_URL": settings.SITE_URL})
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".odt", ".txt")


BYTE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def media(request, path):
    """Uploaded files on one machine. Documents download rather than open in the page.

    A single byte range is answered with 206, as a proxy or an object store would: a
    browser asks for one to start a film part-way (a search hit "i filmen, 12.34").
    """
    from django.views.static import serve

    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200 and hasattr(response, "file_to_stream"):
        response = _byte_range(request, response)
    if path.lower().endswith(DOWNLOAD_SUFFIXES):
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _byte_range(request, response):
    response["Accept-Ranges"] = "bytes"
    size = int(response["Content-Length"])
    match = BYTE_RANGE.match(request.headers.get("Range", "").strip())
    if not match or not any(match.groups()):
        return response  # none, or several ranges: the whole file
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    else:  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    file = response.file_to_stream
    if start > end or start >= size:
        file.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    file.seek(start)
    partial = StreamingHttpResponse(
        _read(file, end - start + 1), status=206, content_type=response["Content-Type"]
    )
    partial["Content-Length"] = str(end - start + 1)
    partial["Content-Range"] = f"bytes {start}-{end}/{size}"
    partial["Accept-Ranges"] = "bytes"
    if "Last-Modified" in response:
        partial["Last-Modified"] = response["Last-Modified"]
    return partial


def _read(file, remaining, block=64 * 1024):
    with file:
        while remaining > 0:
            chunk = file.read(min(block, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def server_error(request):
    """The 500 page is static: it must render even when the database is gone."""
    return HttpResponse(render_to_string("500.html"), status=500)
