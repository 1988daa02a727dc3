"""The library (`/stodmaterial/`), an item, its files, and the form that offers material
(`/dela-material/`) with the confirmation of the submitter's address."""

import logging

from django.conf import settings
from django.db import OperationalError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import DetailView, ListView

from dilemmas.models import CodeOfEthics
from forvaltningskultur.admin_site import may
from forvaltningskultur.crossorigin import public_form
from forvaltningskultur.middleware import database_busy
from forvaltningskultur.publishing import PublishedObjectMixin
from forvaltningskultur.registration import ratelimit
from forvaltningskultur.uploads import download_response

from . import services
from .filters import PARAMS, apply_filters
from .forms import SubmissionForm
from .models import Material, Resource, Submission, SubmissionFile, SubmissionStatus

logger = logging.getLogger(__name__)


class MaterialListView(ListView):
    template_name = "material/material_list.html"
    context_object_name = "items"
    paginate_by = 20
    page_kwarg = "sida"
    page_cache_query = (*PARAMS, "sida")

    def get_queryset(self):
        base = Material.objects.published()
        queryset, self.facets, self.active, self.filters = apply_filters(self.request.GET, base)
        return queryset.select_related("agency").prefetch_related("themes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from urllib.parse import urlencode

        context.update(
            facets=self.facets,
            active_filters=self.active,
            page_query=urlencode(self.filters),
            codes_count=CodeOfEthics.objects.published().count(),
        )
        return context


class MaterialDetailView(PublishedObjectMixin, DetailView):
    """Drafts for staff who may edit them, with the preview banner's state and
    "Redigera" link, as every other content page (publishing.PublishedObjectMixin)."""

    template_name = "material/material_detail.html"
    context_object_name = "item"
    queryset = Material.objects.select_related("agency").prefetch_related(
        "themes", "principles", "resources"
    )


@require_GET
def resource_file(request, slug, pk):
    """A file of published material (staff who may edit material: also of a draft)."""
    resource = get_object_or_404(
        Resource.objects.select_related("material")
        .filter(material__in=Material.objects.visible_to(request))
        .exclude(file=""),
        material__slug=slug,
        pk=pk,
    )
    response = download_response(resource.file, resource.title)
    if not resource.material.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
def private_file(request, name):
    """A stored file by its name, for staff in admin: a submitted file for those who
    review submissions, an item's file for those who may edit material. Nobody else,
    and no file that is not one of these (404, not 403)."""
    stored = SubmissionFile.objects.filter(file=name).first()
    if stored is not None and may(request, "view", Submission):
        return download_response(stored.file, stored.original_name.rsplit(".", 1)[0] or "bidrag")
    resource = Resource.objects.filter(file=name).first()
    if resource is not None and may(request, "change", Material):
        return download_response(resource.file, resource.title)
    raise Http404


TOO_MANY = _(
    "Det har kommit många bidrag härifrån på kort tid. Vänta en stund och skicka igen. "
    "Filerna behöver du välja på nytt."
)
TOO_FAST = _("Formuläret skickades ovanligt snabbt. Kontrollera uppgifterna och skicka igen.")
BUSY = _("Bidraget kunde inte sparas just nu. Vänta en stund och skicka igen.")


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _form_context(form):
    return {"form": form, "retention_days": settings.MATERIAL_SUBMITTER_RETENTION_DAYS}


@never_cache
@public_form
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    if request.method != "POST":
        return render(request, "material/submit.html", _form_context(SubmissionForm()))
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_spam:
        return HttpResponseRedirect(reverse("submit:thanks"))
    status, refusal = 400, None
    if form.is_valid():
        if form.too_fast:
            refusal = TOO_FAST
        else:
            try:
                with transaction.atomic():
                    if not ratelimit.allow_material(request, form.cleaned_data["submitter_email"]):
                        refusal, status = TOO_MANY, 429
                    else:
                        services.submit(form.cleaned_data, form.cleaned_data["files"])
                        return HttpResponseRedirect(reverse("submit:thanks"))
            except OperationalError as error:
                if not database_busy(error):
                    raise
                logger.warning("Bidraget kunde inte sparas: databasen svarade inte i tid")
                refusal, status = BUSY, 503
    if refusal:
        form.add_error(None, refusal)
        form.fresh_start()
    response = render(request, "material/submit.html", _form_context(form), status=status)
    return _private(response)


@require_GET
def thanks(request):
    return render(request, "material/thanks.html")


@never_cache
@public_form
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (a mail program that opens links to check them confirms
    nothing); POST confirms."""
    submission = services.find_unconfirmed(token)
    if submission is None:
        raise Http404
    done = submission.status != SubmissionStatus.UNCONFIRMED
    if request.method == "POST" and not done:
        services.confirm(submission)
        done = True
    context = {"submission": submission, "done": done}
    return _private(render(request, "material/confirm.html", context))
