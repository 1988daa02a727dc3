"""Public pages for dilemma cases: list with filters, case, meeting mode, PDFs and the
conversation pack, attachments, and the codes of ethics."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from forvaltningskultur import pdf
from forvaltningskultur.pagecache import uses_query
from forvaltningskultur.publishing import PublishedObjectMixin
from forvaltningskultur.uploads import download_response

from . import downloads
from .filters import MAX_PACK, apply_filters, clean_slugs, query_string, with_pack
from .models import Attachment, CodeOfEthics, Dilemma, Question


def case_parts():
    """What a case's page and its PDF show besides the case itself (to prefetch)."""
    related = Prefetch("related", queryset=Dilemma.objects.published().order_by("title"))
    return ["questions", "rules", "principles", "themes", "attachments", related]


class PackMixin:
    """The conversation pack travels in `?d=` parameters: no cookies, no JavaScript."""

    def get_pack(self):
        if not hasattr(self, "_pack"):
            slugs = clean_slugs(self.request.GET.getlist("d"))[:MAX_PACK]
            titles = dict(
                Dilemma.objects.published().filter(slug__in=slugs).values_list("slug", "title")
            )
            self._pack = [(slug, titles[slug]) for slug in slugs if slug in titles]
        return self._pack

    def pack_context(self, filters=None):
        pack = [slug for slug, _title in self.get_pack()]
        base = self.request.path
        filters = filters or {}
        items = [
            {
                "slug": slug,
                "title": title,
                "remove_url": base + query_string(filters, pack, d=[s for s in pack if s != slug]),
            }
            for slug, title in self.get_pack()
        ]
        pack_query = query_string({}, pack) if pack else ""
        return {
            "pack": pack,
            "pack_items": items,
            "pack_download_url": Dilemma.pack_url() + pack_query if pack else "",
            "pack_clear_url": base + query_string(filters, pack, d=[]),
            "pack_full": len(pack) >= MAX_PACK,
        }


class DilemmaListView(PackMixin, ListView):
    template_name = "dilemmas/dilemma_list.html"
    context_object_name = "dilemmas"
    paginate_by = 20
    page_kwarg = "sida"
    page_cache_query = ("tema", "princip", "malgrupp", "sida", "d")

    def get_queryset(self):
        self.result = apply_filters(
            self.request.GET,
            Dilemma.objects.published(),
            [slug for slug, _title in self.get_pack()],
            self.request.path,
        )
        # A card shows the themes, not the principles, and none of the long texts.
        queryset = self.result.queryset.prefetch_related("themes")
        return queryset.defer("scenario", "leader_guide")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.pack_context(self.result.filters))
        pack = context["pack"]
        filters = self.result.filters
        for dilemma in context["dilemmas"]:
            dilemma.in_pack = dilemma.slug in pack
            dilemma.add_url = self.request.path + query_string(
                filters, pack, d=[*pack, dilemma.slug]
            )
            dilemma.link = with_pack(dilemma.get_absolute_url(), pack)
        context.update(
            facets=self.result.facets,
            active_filters=self.result.active,
            filters=filters,
            clear_filters_url=self.request.path + query_string({}, pack),
            page_query=query_string(filters, pack).lstrip("?"),
        )
        return context


class DilemmaDetailView(PackMixin, PublishedObjectMixin, DetailView):
    model = Dilemma
    template_name = "dilemmas/dilemma_detail.html"
    context_object_name = "dilemma"
    page_cache_query = ("d",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related(*case_parts())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.pack_context())
        pack = context["pack"]
        dilemma = self.object
        context["in_pack"] = dilemma.slug in pack
        context["add_url"] = self.request.path + query_string({}, pack, d=[*pack, dilemma.slug])
        context["pdf_url"] = dilemma.pdf_url()
        return context


class MeetingView(PackMixin, PublishedObjectMixin, DetailView):
    """Meeting mode for a projector: large type, the scenario, one question at a time.
    It does not show the pack, but its links back into the section carry it."""

    model = Dilemma
    template_name = "dilemmas/dilemma_meeting.html"
    context_object_name = "dilemma"
    page_cache_query = ("d",)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("questions", queryset=Question.objects.exclude(text="")))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pack"] = [slug for slug, _title in self.get_pack()]
        return context


def _pdf_response(request, *, filename, template, make_context, private):
    # Keyed by the HTML it shows (pdf.cached_pdf), so a renamed principle is a new PDF.
    document = pdf.cached_pdf(template, make_context())
    not_modified = get_conditional_response(
        request, etag=document.etag, last_modified=int(document.made.timestamp())
    )
    headers = {
        "ETag": document.etag,
        "Last-Modified": http_date(document.made.timestamp()),
        "Cache-Control": "private, no-store" if private else "public, max-age=3600",
    }
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified, False
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = pdf.content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    for name, value in headers.items():
        response[name] = value
    return response, True


@require_GET
@uses_query("ledarstod")
def dilemma_pdf(request, slug):
    dilemma = get_object_or_404(Dilemma.objects.visible_to(request), slug=slug)
    with_guide = request.GET.get("ledarstod") != "0"

    def make_context():
        prefetch_related_objects([dilemma], *case_parts())
        return {"dilemma": dilemma, "cases": [dilemma], "with_guide": with_guide}

    response, downloaded = _pdf_response(
        request,
        filename=f"{dilemma.title}.pdf",
        template="dilemmas/pdf/dilemma.html",
        make_context=make_context,
        private=not dilemma.is_published,
    )
    if downloaded and dilemma.is_published:
        downloads.count_every_download(response, dilemma=dilemma)
    return response


def pack_error(request, message, *, unknown=(), known=()):
    # form_errors: the title says "Fel:" (frame.page_has_form_errors), as on a form with errors.
    context = {"message": message, "unknown": unknown, "known": known, "form_errors": True}
    if known:
        context["retry_url"] = Dilemma.pack_url() + query_string({}, [d.slug for d in known])
    return render(request, "dilemmas/pack_error.html", context, status=400)


@require_GET
@uses_query("d", "ledarstod")
def pack_pdf(request):
    slugs = list(dict.fromkeys(s.strip() for s in request.GET.getlist("d") if s.strip()))
    if not slugs:
        return pack_error(request, _("Samtalspaketet är tomt. Välj minst ett dilemma."))
    if len(slugs) > MAX_PACK:
        return pack_error(
            request,
            _("Ett samtalspaket kan ha högst %(max)d dilemman. Du valde %(n)d.")
            % {"max": MAX_PACK, "n": len(slugs)},
        )
    found = {d.slug: d for d in Dilemma.objects.published().filter(slug__in=clean_slugs(slugs))}
    unknown = [s for s in slugs if s not in found]
    known = [found[s] for s in slugs if s in found]
    if unknown:
        return pack_error(
            request,
            _("Vi hittar inte alla dilemman du valde."),
            unknown=unknown,
            known=known,
        )
    with_guide = request.GET.get("ledarstod") != "0"

    def make_context():
        prefetch_related_objects(known, *case_parts())  # in the order asked for
        return {
            "cases": known,
            "with_guide": with_guide,
            "total_minutes": sum(c.minutes for c in known),
        }

    response, downloaded = _pdf_response(
        request,
        filename=_("Samtalspaket – %(n)d dilemman.pdf") % {"n": len(known)},
        template="dilemmas/pdf/pack.html",
        make_context=make_context,
        private=False,
    )
    if downloaded:
        downloads.count_every_download(response, pack_slugs=slugs)
    return response


@require_GET
def attachment_download(request, slug, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("dilemma").filter(
            dilemma__in=Dilemma.objects.visible_to(request)
        ),
        dilemma__slug=slug,
        pk=pk,
    )
    return download_response(attachment.file, attachment.title)


class CodeListView(ListView):
    template_name = "dilemmas/code_list.html"
    context_object_name = "codes"

    def get_queryset(self):
        return CodeOfEthics.objects.published()


@require_GET
def code_download(request, pk):
    codes = CodeOfEthics.objects.visible_to(request)
    code = get_object_or_404(codes.exclude(file=""), pk=pk)
    return download_response(code.file, f"{code.agency} – {code.title}")
