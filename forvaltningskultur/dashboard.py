"""The admin index's dashboard: a list of panels, each shown to the staff it is for.

Editors see their drafts, what is scheduled and what is past its review date; the
registrations role sees the coming events with seats taken, capacity and waiting list,
and the mails that failed; both see the dilemma downloads per month. Editors never see a
registrant (counts only), the registrations role never sees a draft's text.

A panel is a `Panel(title, template, visible, data)`; another app adds one with
`dashboard.PANELS.append(Panel(...))` (or `register(Panel(...))`) in its AppConfig.ready.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import dates
from .admin_site import may
from .publishing import Publishable, Reviewable, Status
from .roles import holds_personal_data, sees_personal_data

# How many rows a list panel shows; the rest are behind "Visa alla" in the list itself.
LIMIT = 10
# Months in the downloads chart, this month included.
MONTHS = 12


@dataclass(frozen=True)
class Panel:
    """One box on the admin index. `visible(request)` says whether this user sees it,
    `data(request)` gives its template's context (only called when visible)."""

    key: str
    title: str
    template: str
    visible: Callable
    data: Callable


PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    PANELS.append(panel)
    return panel


def panels_for(request) -> list[dict]:
    """The panels this request's user may see, with their data, in order."""
    shown = []
    for panel in PANELS:
        if panel.visible(request):
            shown.append(
                {"key": panel.key, "title": panel.title, "template": panel.template,
                 **panel.data(request)}
            )  # fmt: skip
    return shown


# --- who sees what ------------------------------------------------------------


def _registered(base):
    """The models in the admin that are `base` (content types, events...)."""
    return [
        model
        for model in admin.site._registry
        if isinstance(model, type) and issubclass(model, base) and not model._meta.abstract
    ]


def _content_models(request, base=Publishable):
    """Content models this user may change: their drafts are theirs to see."""
    return [
        model
        for model in _registered(base)
        if not holds_personal_data(model) and may(request, "change", model)
    ]


def _registration_models(request):
    from .registration.models import RegistrationBase

    return [model for model in RegistrationBase.concrete_models() if may(request, "view", model)]


def edits_content(request) -> bool:
    return bool(_content_models(request))


def handles_registrations(request) -> bool:
    return sees_personal_data(request.user) and bool(_registration_models(request))


def sees_downloads(request) -> bool:
    from dilemmas.models import DownloadCount

    return may(request, "view", DownloadCount)


# --- the editors' panels ----------------------------------------------------------


def _change_url(obj) -> str:
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _changelist_url(model, query="") -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{query}" if query else url


def _item(obj, when: str = "", note: str = "") -> dict:
    return {
        "title": str(obj),
        "kind": str(obj._meta.verbose_name),
        "url": _change_url(obj),
        "when": when,
        "note": note,
    }


def _collect(request, base, filter_kwargs, order, describe):
    """Rows of every model of `base` this user may change, sorted together."""
    rows, total = [], 0
    for model in _content_models(request, base):
        queryset = model._default_manager.filter(**filter_kwargs(model))
        total += queryset.count()
        rows += [(getattr(obj, order.lstrip("-")), obj) for obj in queryset.order_by(order)[:LIMIT]]
    rows.sort(key=lambda row: row[0], reverse=order.startswith("-"))
    return {"items": [describe(obj) for _key, obj in rows[:LIMIT]], "total": total}


def drafts(request) -> dict:
    return {
        "empty": _("Inga utkast."),
        **_collect(
            request,
            Publishable,
            lambda model: {"status": Status.DRAFT},
            "-updated_at",
            lambda obj: _item(
                obj,
                when=str(_("ändrad %(date)s")) % {"date": dates.compact_datetime(obj.updated_at)},
            ),
        ),
    }


def scheduled(request) -> dict:
    now = timezone.now()
    return {
        "empty": _("Inget är schemalagt."),
        **_collect(
            request,
            Publishable,
            lambda model: {"status": Status.PUBLISHED, "publish_at__gt": now},
            "publish_at",
            lambda obj: _item(obj, when=dates.long_datetime(obj.publish_at)),
        ),
    }


def review_due(request) -> dict:
    today = timezone.localdate()
    return {
        "empty": _("Inget har passerat sitt granskningsdatum."),
        **_collect(
            request,
            Reviewable,
            lambda model: {"review_by__lt": today},
            "review_by",
            lambda obj: _item(
                obj,
                when=str(_("granska senast %(date)s"))
                % {"date": dates.day_month_year(obj.review_by)},
            ),
        ),
    }


# --- the registrations role's panels ------------------------------------------------


def upcoming_events(request) -> dict:
    """Coming events open to the public, with the registration engine's own counts
    (RegistrableEvent.confirmed_count / waitlist_count over with_registration_counts)."""
    from .registration.models import RegistrableEvent

    now, events = timezone.now(), []
    for model in _registered(RegistrableEvent):
        registrations = model.registrations.rel.related_model
        if not may(request, "view", registrations):
            continue
        queryset = model._default_manager.upcoming(now).with_registration_counts()
        if any(f.name == "course" for f in model._meta.fields):
            queryset = queryset.select_related("course")
        for event in queryset.order_by("starts_at")[: LIMIT * 3]:
            # Drafts are the editors' business: their titles are not shown here.
            if event.is_open_to_public() and not getattr(event, "is_cancelled", False):
                events.append(event)
    events.sort(key=lambda event: event.starts_at)
    return {
        "events": [
            {
                "title": event.event_title(),
                "kind": str(event._meta.verbose_name),
                "url": _change_url(event),
                "when": dates.long_datetime(event.starts_at),
                "confirmed": event.confirmed_count,
                "capacity": event.capacity,
                "waitlist": event.waitlist_count,
                "full": event.confirmed_count >= event.capacity,
            }
            for event in events[:LIMIT]
        ],
        "total": len(events),
    }


def failed_mails(request) -> dict:
    from .models import OutgoingMail

    failed = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED)
    return {
        "mails": [
            {
                "subject": mail.subject,
                "url": _change_url(mail),
                "when": dates.compact_datetime(mail.created_at),
                "attempts": mail.attempts,
            }
            for mail in failed.order_by("-created_at")[:LIMIT]
        ],
        "total": failed.count(),
        "list_url": _changelist_url(OutgoingMail, f"status__exact={OutgoingMail.Status.FAILED}"),
    }


# --- both: downloads per month -------------------------------------------------------

# Room above the tallest bar for its figure, and below the bars for the month names.
CHART_WIDTH, CHART_HEIGHT, BAR_GAP, LABEL_SPACE, TOP_SPACE = 480, 160, 6, 22, 16


def _months(today, n):
    year, month = today.year, today.month
    firsts = []
    for _i in range(n):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(firsts))


def downloads(request) -> dict:
    """Downloads of cases and of packs per month for the last MONTHS months, and the bars
    of a chart drawn on the server (no script, nothing fetched from elsewhere)."""
    from dilemmas.models import DownloadCount

    months = _months(timezone.localdate(), MONTHS)
    sums = {
        (row["month"].replace(day=1), row["kind"]): row["n"]
        for row in DownloadCount.objects.filter(month__gte=months[0])
        .values("month", "kind")
        .annotate(n=Sum("count"))
    }
    rows = []
    for month in months:
        cases = sum(n for (m, kind), n in sums.items() if m == month and kind == "dilemma")
        packs = sum(n for (m, kind), n in sums.items() if m == month and kind == "paket")
        rows.append(
            {
                "label": f"{dates.MONTHS[month.month - 1]} {month.year}",
                "short": dates.MONTHS[month.month - 1][:3],
                "cases": cases,
                "packs": packs,
                "total": cases + packs,
            }
        )
    top = max([row["total"] for row in rows] + [1])
    slot = CHART_WIDTH / len(rows)
    plot = CHART_HEIGHT - LABEL_SPACE
    for i, row in enumerate(rows):
        height = round((plot - TOP_SPACE) * row["total"] / top, 1)
        row["bar"] = {
            "x": round(i * slot + BAR_GAP / 2, 1),
            "y": round(plot - height, 1),
            "width": round(slot - BAR_GAP, 1),
            "height": height,
            "centre": round(i * slot + slot / 2, 1),
        }
    return {
        "months": rows,
        "sum": sum(row["total"] for row in rows),
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT, "baseline": plot,
                  "label_y": CHART_HEIGHT - 6},
        "list_url": _changelist_url(DownloadCount),
    }  # fmt: skip


# --- the start page ----------------------------------------------------------------


def start_page_link(request) -> str:
    """The start page's change form (or its add form while there is none), for those who
    may change it; empty otherwise."""
    from .models import StartPage

    if not may(request, "change", StartPage):
        return ""
    page = StartPage.objects.order_by("pk").first()
    if page is not None:
        return _change_url(page)
    if may(request, "add", StartPage):
        return reverse("admin:forvaltningskultur_startpage_add")
    return ""


register(Panel("drafts", _("Utkast"), "admin/dashboard/items.html", edits_content, drafts))
register(
    Panel("scheduled", _("Schemalagt"), "admin/dashboard/items.html", edits_content, scheduled)
)
register(
    Panel("review", _("Dags att granska"), "admin/dashboard/items.html", edits_content, review_due)
)
register(
    Panel(
        "events",
        _("Kommande seminarier och kurstillfällen"),
        "admin/dashboard/events.html",
        handles_registrations,
        upcoming_events,
    )
)
register(
    Panel(
        "mails",
        _("Mejl som inte gick fram"),
        "admin/dashboard/mails.html",
        handles_registrations,
        failed_mails,
    )
)
register(
    Panel(
        "downloads",
        _("Nedladdade dilemman per månad"),
        "admin/dashboard/downloads.html",
        sees_downloads,
        downloads,
    )
)
