"""Admin building blocks for registrations: subclass these, do not copy them.

@admin.register(SeminarRegistration)
class SeminarRegistrationAdmin(RegistrationAdmin): pass

class SeminarAdmin(RegistrableEventAdminMixin, PublishableAdmin):
    inlines = [..., SeminarRegistrationInline]  # RegistrationInline with model set
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forvaltningskultur import dates
from forvaltningskultur.admin_site import may

from . import emails, services
from .export import csv_response, export_filename, in_list_order
from .models import RegistrationStatus

EVENT_FIELDSETS = [
    (_("Tid"), {"fields": ["starts_at", "ends_at"]}),
    (_("Plats"), {"fields": ["is_online", "venue", "address", "online_url"]}),
    (
        _("Anmälan"),
        {"fields": ["capacity", "signup_opens_at", "signup_closes_at", "is_cancelled"]},
    ),
]


def _events_of(events, registrations):
    """The selected events, read from the registrations' rows where they came along
    (a course occasion with its course): one query however many were selected."""
    pks = list(events.values_list("pk", flat=True))
    seen = {r.event_id: r.event for r in registrations}
    return [seen[pk] if pk in seen else events.get(pk=pk) for pk in pks] if len(pks) == 1 else pks


class EventFilter(admin.RelatedOnlyFieldListFilter):
    """The events that have registrations, each title read without a query of its own."""

    def field_choices(self, field, request, model_admin):
        with_registrations = (
            model_admin.get_queryset(request)
            .distinct()
            .values_list(f"{self.field_path}__pk", flat=True)
        )
        events = field.related_model._default_manager.filter(
            pk__in=with_registrations
        ).select_related(*model_admin.event_select_related)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            events = events.order_by(*ordering)
        return [(event.pk, str(event)) for event in events]


class RegistrationAdmin(admin.ModelAdmin):
    # A registrant's own page is theirs: admin links to it nowhere (the models have no
    # get_absolute_url either, so neither /admin/r/ nor an inline can reach it).
    view_on_site = False

    # What an event's title reads besides the event's own row (a course occasion: its
    # course), so that a list, a filter or an export takes no query per row.
    event_select_related: tuple[str, ...] = ()

    # Seven narrow columns fit 1440 px beside the sidebar and the filters; the e-mail
    # address is searched for and shown on the registration, attendance on the check-in
    # page and in the "närvarade" filter.
    list_display = [
        "__str__",
        "organisation",
        "event",
        "status",
        "waitlist_place",
        "mail_status",
        "created_at",
    ]
    list_filter = [
        "status",
        "attended",
        "mail_status",
        "personal_data_purged",
        ("event", EventFilter),
    ]
    search_fields = ["name", "email", "organisation"]
    date_hierarchy = "created_at"
    actions = [
        "export_csv",
        "move_off_waitlist",
        "mark_attended",
        "mark_not_attended",
        "cancel_registrations",
        "resend_confirmation",
    ]
    readonly_fields = [
        "status",
        "created_at",
        "updated_at",
        "cancelled_at",
        "promoted_at",
        "mail_status",
        "mail_sent_at",
        "needs_purged",
        "personal_data_purged",
    ]
    fields = [
        "event",
        "name",
        "email",
        "organisation",
        "role",
        "accessibility_needs",
        "dietary_needs",
        "attended",
        *readonly_fields,
    ]

    def get_queryset(self, request):
        # The event (and what its title reads) and every row's queue place come with the
        # rows: the list and the CSV exports take no query per row.
        related = [f"event__{name}" for name in self.event_select_related]
        return (
            super().get_queryset(request).select_related("event", *related).with_waitlist_position()
        )

    def get_readonly_fields(self, request, obj=None):
        # The event of an existing registration is fixed: moving it would bypass capacity.
        return [*self.readonly_fields, "event"] if obj else self.readonly_fields

    def has_add_permission(self, request):
        # Sign-ups go through the form (capacity, waiting list, mail), not around it.
        return False

    @admin.display(description=_("plats i kön"))
    def waitlist_place(self, obj):
        return obj.waitlist_position() or "–"

    @admin.action(description=_("Exportera markerade till CSV (Excel)"), permissions=["view"])
    def export_csv(self, request, queryset):
        # `queryset` comes from get_queryset(): related rows and queue places included.
        registrations = list(in_list_order(queryset))
        events = {r.event_id: r.event for r in registrations}.values()
        return csv_response(registrations, export_filename(events, "anmalningar"))

    @admin.action(description=_("Flytta från väntelistan (ge plats)"), permissions=["change"])
    def move_off_waitlist(self, request, queryset):
        moved = 0
        for registration in (
            queryset.filter(status=RegistrationStatus.WAITLIST)
            .select_related("event")
            .order_by("created_at", "pk")
        ):
            moved += services.confirm(registration)
        self.message_user(
            request,
            ngettext(
                "%(n)d person fick en plats och ett mejl.",
                "%(n)d personer fick en plats och ett mejl.",
                moved,
            )
            % {"n": moved},
        )

    @admin.action(description=_("Markera som närvarande"), permissions=["change"])
    def mark_attended(self, request, queryset):
        updated = queryset.filter(status=RegistrationStatus.CONFIRMED).update(attended=True)
        self.message_user(request, _("%(n)d markerades som närvarande.") % {"n": updated})

    @admin.action(description=_("Markera som inte närvarande"), permissions=["change"])
    def mark_not_attended(self, request, queryset):
        updated = queryset.update(attended=False)
        self.message_user(request, _("%(n)d markerades som inte närvarande.") % {"n": updated})

    @admin.action(
        description=_("Avboka (ger platsen till nästa på väntelistan)"), permissions=["change"]
    )
    def cancel_registrations(self, request, queryset):
        cancelled = sum(services.cancel(r, by_staff=True) for r in queryset.select_related("event"))
        self.message_user(request, _("%(n)d avbokades.") % {"n": cancelled})

    @admin.action(description=_("Skicka bekräftelsen igen"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        queued = sum(
            emails.send_registration_mail(registration)
            for registration in queryset.select_related("event").filter(personal_data_purged=False)
        )
        self.message_user(
            request,
            _(
                "%(n)d mejl ligger i kön och skickas strax. Hur det gick syns i kolumnen "
                "Bekräftelsemejl och under Utgående mejl."
            )
            % {"n": queued},
        )


class RegistrationInline(admin.TabularInline):
    """Who signed up, on the event's own admin page. Set `model` in the subclass."""

    extra = 0
    can_delete = False
    show_change_link = True
    view_on_site = False
    fields = ["name", "organisation", "status", "attended", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("anmälningar (ändra via länken eller i listan Anmälningar)")

    def has_add_permission(self, request, obj=None):
        return False


class MailFailedFilter(admin.SimpleListFilter):
    title = _("mejlproblem")
    parameter_name = "mejlfel"

    def lookups(self, request, model_admin):
        return [("ja", _("Något mejl misslyckades"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(registrations__mail_status="failed").distinct()
        return queryset


class RegistrableEventAdminMixin:
    """Counts columns (anmälda, väntelista, avbokade), CSV export and the attendee PDF
    per event (add "export_registrations" and "attendee_list_pdf" to `actions`), links to
    the event's staff pages on its change form, and a waiting list that moves up when
    staff raise the capacity."""

    change_form_template = "registration/staff/event_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from . import staff

        model = self.model.registrations.rel.related_model
        links = []
        if object_id and may(request, "view", model):
            event = self.get_object(request, object_id)
            if event is not None:
                links.append((staff.staff_url("attendees", event), _("Deltagarlista (PDF)")))
                if may(request, "change", model):
                    links.append((staff.staff_url("checkin", event), _("Närvaro vid entrén")))
                    links.append((staff.staff_url("message", event), _("Meddelande till anmälda")))
        extra_context = {**(extra_context or {}), "registration_staff_links": links}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        return super().get_queryset(request).with_registration_counts()

    def has_view_registrations_permission(self, request):
        """Exports list registrants: only for those who may see the registrations."""
        model = self.model.registrations.rel.related_model
        return self.admin_site.get_model_admin(model).has_view_permission(request)

    @admin.display(description=_("anmälda"), ordering="n_confirmed")
    def confirmed_column(self, obj):
        return f"{obj.n_confirmed} / {obj.capacity}"

    @admin.display(description=_("väntelista"), ordering="n_waitlist")
    def waitlist_column(self, obj):
        return obj.n_waitlist

    @admin.display(description=_("avbokade"), ordering="n_cancelled")
    def cancelled_column(self, obj):
        return obj.n_cancelled

    @admin.display(description=_("anmälda"), ordering="n_confirmed")
    def seats_column(self, obj):
        """Seats taken of the capacity, the waiting list and the cancelled in one
        narrow column: "3 / 40, 2 i kö, 1 avbokad"."""
        parts = [f"{obj.n_confirmed} / {obj.capacity}"]
        if obj.n_waitlist:
            parts.append(_("%(n)d i kö") % {"n": obj.n_waitlist})
        if obj.n_cancelled:
            parts.append(
                ngettext("%(n)d avbokad", "%(n)d avbokade", obj.n_cancelled)
                % {"n": obj.n_cancelled}
            )
        if obj.is_cancelled:
            parts.insert(0, str(_("Inställt")))
        return ", ".join(str(part) for part in parts)

    @admin.display(description=_("tid"), ordering="starts_at")
    def when(self, obj):
        return dates.compact_datetime(obj.starts_at)

    @admin.action(
        description=_("Exportera deltagarlistor till CSV (Excel)"),
        permissions=["view_registrations"],
    )
    def export_registrations(self, request, queryset):
        model = queryset.model.registrations.rel.related_model
        # Through the registrations' own admin: what it selects for a row (a course
        # occasion's course) and the queue places, without a query per row.
        registrations = (
            self.admin_site.get_model_admin(model)
            .get_queryset(request)
            .filter(event__in=queryset)
            .filter(~Q(status=RegistrationStatus.CANCELLED))
        )
        rows = list(in_list_order(registrations))
        return csv_response(rows, export_filename(_events_of(queryset, rows), "deltagare"))

    def _get_base_actions(self):
        # Beside the CSV export wherever an event admin offers it, without each app's
        # admin having to name this action as well.
        actions = super()._get_base_actions()
        names = {name for _func, name, _description in actions}
        if "export_registrations" in names and "attendee_list_pdf" not in names:
            actions.append(self.get_action("attendee_list_pdf"))
        return actions

    @admin.action(
        description=_("Deltagarlista för entrén (PDF)"), permissions=["view_registrations"]
    )
    def attendee_list_pdf(self, request, queryset):
        from . import staff

        return staff.attendee_pdf(queryset.order_by("starts_at", "pk"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        after_event_saved(self, request, [form] if change else [])


def after_event_saved(model_admin, request, forms):
    """After staff saved events (on their own page or inline in a course): mail everyone
    signed up to an event that was just cancelled, and give freed seats to the queue."""
    cancelled = promoted = 0
    for form in forms:
        event = form.instance
        if not event.pk or not form.has_changed():
            continue
        # The save itself mailed a cancellation or moved the waiting list up
        # (registration/signals.py, services.event_saved).
        cancelled += getattr(event, "cancellation_mails_on_save", 0)
        promoted += len(getattr(event, "promoted_on_save", None) or [])
    if cancelled:
        model_admin.message_user(
            request, _("%(n)d anmälda fick mejl om att det är inställt.") % {"n": cancelled}
        )
    if promoted:
        model_admin.message_user(
            request, _("%(n)d personer på väntelistan fick plats och ett mejl.") % {"n": promoted}
        )


def after_inline_events_saved(model_admin, request, formset):
    """Events edited inline in a parent's admin (a course's occasions)."""
    after_event_saved(model_admin, request, formset.forms)
