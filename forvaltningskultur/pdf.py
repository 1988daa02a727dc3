"""Tagged PDF/UA-1 documents, rendered with WeasyPrint from Django templates and cached by
what they show: one case or a conversation pack (dilemmas), an attendee list (staff).

The cache key is a digest of the rendered HTML and of the release (the stylesheet, this
module and the PDF libraries' versions): a renamed principle, a new question or a
related case changes the HTML, so the PDF is made again, and a release that changes how
PDFs look never serves one made by the release before. Rendering the HTML costs a few
queries and milliseconds; WeasyPrint, which costs half a second, runs only when it
changed.

WeasyPrint tags the running header and the page numbers as content that has no place in
the structure tree; `_mark_pagination` makes them `/Artifact /Pagination` afterwards
with pikepdf, as PDF/UA asks. Each link annotation is named by its link's text.
"""

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import logging
from importlib.metadata import version
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


def release() -> str:
    """What, besides the HTML, decides how a PDF looks: a new release that changes one of
    these never serves a PDF made by the one before."""
    parts = [Path(finders.find(PDF_CSS)).read_bytes(), Path(__file__).read_bytes()]
    parts += [version(name).encode() for name in ("weasyprint", "pydyf", "pikepdf")]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


@dataclasses.dataclass(frozen=True)
class PdfFile:
    content: bytes
    etag: str  # quoted, for the ETag header
    made: dt.datetime  # when this version was rendered: Last-Modified


def render_html(template: str, context: dict) -> str:
    site = settings.SITE_URL
    cases = context.get("cases", ())
    licences = list(dict.fromkeys((c.licence, c.licence_url) for c in cases))
    return render_to_string(
        template,
        {
            "SITE_NAME": settings.SITE_NAME,
            "SITE_URL": site,
            "SITE_HOST": urlsplit(site).netloc or site,
            "licences": licences,
            **context,
        },
    )


def render_pdf(template: str, context: dict) -> bytes:
    return _write_pdf(render_html(template, context))


def _write_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    stylesheet = finders.find(PDF_CSS)
    fetcher = local_static_fetcher()
    document = weasyprint.HTML(
        string=html, base_url=Path(stylesheet).parent.as_uri() + "/", url_fetcher=fetcher
    ).render(stylesheets=[weasyprint.CSS(filename=stylesheet, url_fetcher=fetcher)])
    content = document.write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=True, finisher=_name_links
    )
    return _mark_pagination(content)


def _name_links(document, pdf):
    """WeasyPrint names a link annotation by its target ("fall-den-tysta-kollegan"); PDF/UA
    asks for a description: the link's text, and where an internal link leads."""
    import pydyf

    for page in document.pages:
        for link_type, target, _rectangle, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            if annotation is None or box.element is None:
                continue
            text = " ".join("".join(box.element.itertext()).split()) or target
            if link_type == "internal":
                text = f"Gå till {text}"
            annotation["Contents"] = pydyf.String(text)


def _mark_pagination(content: bytes) -> bytes:
    """Marked content that the structure tree does not reach (the page margins' running
    header and "Sida n av N") becomes `/Artifact <</Type /Pagination /Subtype /Header>>`
    (or `/Footer`, by where it stands on the page), and leaves the parent tree."""
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as document:
        tree = document.Root.StructTreeRoot
        reached = _reachable(tree.K)
        parents = dict(_number_tree(tree.ParentTree))
        for page in document.pages:
            marks = parents.get(int(page.obj.get("/StructParents", -1)))
            if marks is not None:
                _artifacts(document, page, marks, reached)
        out = io.BytesIO()
        document.save(
            out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
        )
    return out.getvalue()


def _reachable(kids) -> set:
    """The object ids of every structure element under `kids`."""
    import pikepdf

    reached, todo = set(), [kids]
    while todo:
        item = todo.pop()
        if isinstance(item, pikepdf.Array):
            todo.extend(item)
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item:
            if item.objgen != (0, 0):
                reached.add(item.objgen)
            if "/K" in item:
                todo.append(item.K)
    return reached


def _number_tree(node):
    """(key, value) pairs of a PDF number tree."""
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _number_tree(kid)


def _artifacts(document, page, marks, reached):
    import pikepdf

    operations = pikepdf.parse_content_stream(page)
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    matrix, saved, changed = (1, 0, 0, 1, 0, 0), [], False
    pending = None  # index of an unreached BDC whose position is not known yet
    for index, (operands, operator) in enumerate(operations):
        name = str(operator)
        if name == "q":
            saved.append(matrix)
        elif name == "Q":
            matrix = saved.pop()
        elif name == "cm":
            matrix = _multiply([float(x) for x in operands], matrix)
        elif name == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is None:
                continue
            mcid = int(mcid)
            element = marks[mcid] if mcid < len(marks) else None
            if isinstance(element, pikepdf.Dictionary) and element.objgen in reached:
                continue
            if mcid < len(marks):
                marks[mcid] = None
            operations[index] = _artifact()
            pending, changed = index, True
        elif name == "EMC":
            pending = None
        elif name == "Tm" and pending is not None:
            text_matrix = _multiply([float(x) for x in operands], matrix)
            top = text_matrix[5] > height / 2
            operations[pending] = _artifact("/Header" if top else "/Footer")
            pending = None
    if changed:
        page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(operations))


def _artifact(subtype=None):
    """`/Artifact <</Type /Pagination /Subtype …>> BDC`"""
    import pikepdf

    properties = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
    if subtype:
        properties.Subtype = pikepdf.Name(subtype)
    return pikepdf.ContentStreamInstruction(
        [pikepdf.Name.Artifact, properties], pikepdf.Operator("BDC")
    )


def _multiply(m, n):
    """The matrix m × n (PDF order: m applied first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
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


def cached_pdf(template: str, context: dict) -> PdfFile:
    """The PDF of this HTML in this release: from the cache, or rendered once and stored."""
    html = render_html(template, context)
    digest = hashlib.sha256(f"{release()}\0{html}".encode()).hexdigest()
    key = f"pdf:{digest}"
    entry = cache.get(key)
    if entry is None:
        entry = (_write_pdf(html), dt.datetime.now(dt.UTC).replace(microsecond=0))
        cache.set(key, entry, CACHE_SECONDS)
    content, made = entry
    return PdfFile(content, f'"{digest[:40]}"', made)


def content_disposition(filename: str) -> str:
    """attachment; filename="ascii.pdf"; filename*=UTF-8''sv%C3%A5nska.pdf"""
    stem = filename.removesuffix(".pdf")
    fallback = slugify(stem.translate(str.maketrans("åäöÅÄÖéÉüÜ", "aaoAAOeEuU"))) or "dokument"
    return f"attachment; filename=\"{fallback}.pdf\"; filename*=UTF-8''{quote(filename)}"
