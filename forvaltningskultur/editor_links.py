"""The rich-text editor's internal links: the site's published content, titles and
addresses, for the link dialog's list. Staff who may change some content only."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .search import registry

PER_KIND = 500


def _may_edit(user) -> bool:
    return any(
        user.has_perm(f"{kind.model._meta.app_label}.change_{kind.model._meta.model_name}")
        for kind in registry.kinds()
    )


@require_GET
@staff_member_required
def links(request):
    if not _may_edit(request.user):
        raise PermissionDenied
    found = []
    for kind in registry.kinds():
        manager = kind.model._default_manager
        rows = manager.published() if hasattr(manager, "published") else manager.all()
        for obj in rows[:PER_KIND]:
            try:
                url = obj.get_absolute_url()
            except Exception:  # noqa: S112 - a row without an address is left out
                continue
            found.append({"title": str(obj), "url": url, "kind": str(kind.singular)})
    found.sort(key=lambda link: (link["kind"], link["title"].casefold()))
    response = JsonResponse({"links": found})
    response["Cache-Control"] = "private, no-store"
    return response
