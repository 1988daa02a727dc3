"""Tagged PDF/UA-1 documents of one case or a conversation pack, rendered with WeasyPrint
from Django templates and cached by the cases' last change."""

import functools
import hashlib
import logging
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.text import slugify

PDF_CSS = "dilemmas/pdf.css"
CACHE_SECONDS = 30 * 24 * 60 * 60
# WeasyPrint reports every rendering step at INFO; keep the server log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@functools.cache
def _weasyprint():
    """WeasyPrint is heavy to import; load it when the first PDF is rendered."""
    import weasyprint

    return weasyprint


def local_static_fetcher():
    """A URL fetcher that serves only files from the site's own static folders and
    never touches the network."""
    weasyprint = _weasyprint()

    class LocalStaticFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            return weasyprint.urls.URLFetcherResponse(url, static_file(url))

    return LocalStaticFetcher()


def static_file(url: str) -> bytes:
    """The bytes of a local static file; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise ValueError(f"Bara lokala filer används i PDF:er: {url}")
    path = Path(unquote(parts.path)).resolve()
    roots = [Path(settings.STATIC_ROOT).resolve()]
    roots += [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    roots += [Path(finders.find(PDF_CSS)).parent.resolve()]
    if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
        raise ValueError(f"Filen ligger inte bland webbplatsens statiska filer: {url}")
    return path.read_bytes()


def version_key(kind: str, parts) -> str:
    """A cache key that changes whenever one of the cases changes."""
    digest = hashlib.sha256(repr((kind, *parts)).encode()).hexdigest()
    return f"dilemmas:pdf:{digest}"


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(
        template, {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    )
    return _write_pdf(html)


def _write_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    stylesheet = finders.find(PDF_CSS)
    fetcher = local_static_fetcher()
    document = weasyprint.HTML(
        string=html, base_url=Path(stylesheet).parent.as_uri() + "/", url_fetcher=fetcher
    )
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(filename=stylesheet, url_fetcher=fetcher)],
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=False,
    )


def warm_up():
    """Load WeasyPrint, the PDF stylesheet and its fonts now, by making a small PDF.

    gunicorn calls this in each worker before it takes requests (gunicorn.conf.py), so
    the first visitor to ask a worker for a PDF does not wait half a second for the
    import. A failure is logged, never fatal: the worker serves the rest of the site.
    """
    try:
        _write_pdf(
            '<html lang="sv"><head><title>-</title></head><body><h1>-</h1><p>-</p></body></html>'
        )
    except Exception:
        logging.getLogger(__name__).exception("Kunde inte förbereda PDF-motorn")


def cached_pdf(key: str, template: str, make_context) -> bytes:
    """The PDF from the cache, or rendered once and stored. `make_context` is only
    called when rendering, so a cached answer costs no queries for the case's parts."""
    content = cache.get(key)
    if content is None:
        content = render_pdf(template, make_context())
        cache.set(key, content, CACHE_SECONDS)
    return content


def content_disposition(filename: str) -> str:
    """attachment; filename="ascii.pdf"; filename*=UTF-8''sv%C3%A5nska.pdf"""
    stem = filename.removesuffix(".pdf")
    fallback = slugify(stem.translate(str.maketrans("åäöÅÄÖéÉüÜ", "aaoAAOeEuU"))) or "dokument"
    return f"attachment; filename=\"{fallback}.pdf\"; filename*=UTF-8''{quote(filename)}"
