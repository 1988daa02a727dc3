"""The editors' dashboard panel "Inkomna bidrag": what waits for review."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forvaltningskultur.admin_site import may

from .models import REVIEW_QUEUE, IncomingSubmission, Submission


def incoming_panel(request, limit: int = 5) -> dict | None:
    """{"title", "count", "items": [{"title", "agency", "status", "url"}], "list_url"}, or
    None for a user who may not see submissions (the registrations role)."""
    if not may(request, "view", IncomingSubmission):
        return None
    queue = Submission.objects.filter(status__in=REVIEW_QUEUE).select_related("agency")
    items = [
        {
            "title": submission.title,
            "agency": submission.agency_display,
            "status": submission.get_status_display(),
            "url": reverse("admin:material_incomingsubmission_change", args=[submission.pk]),
        }
        for submission in queue.order_by("confirmed_at")[:limit]
    ]
    return {
        "title": _("Inkomna bidrag"),
        "count": queue.count(),
        "items": items,
        "list_url": reverse("admin:material_incomingsubmission_changelist"),
    }


def _may_see(request) -> bool:
    return may(request, "view", IncomingSubmission)


def panel_data(request) -> dict:
    """`incoming_panel` in the form of the admin index's item lists
    (templates/admin/dashboard/items.html): the agency and the state under each title."""
    panel = incoming_panel(request) or {"items": [], "count": 0}
    return {
        "items": [
            {"title": item["title"], "url": item["url"], "kind": item["agency"],
             "when": item["status"]}
            for item in panel["items"]
        ],
        "total": panel["count"],
        "empty": _("Inga bidrag väntar på granskning."),
    }  # fmt: skip


def register_panel():
    """On the admin index, for those who may review submissions (forvaltningskultur/
    dashboard.py)."""
    from forvaltningskultur import dashboard

    if not any(panel.key == "material" for panel in dashboard.PANELS):
        dashboard.register(
            dashboard.Panel(
                "material", _("Inkomna bidrag"), "admin/dashboard/items.html", _may_see, panel_data
            )
        )
