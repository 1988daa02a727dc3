"""Users and groups in admin with the permissions in Swedish.

Django stores a permission's name in English when the table is made ("Can add dilemma",
"Can add historical sida": simple-history's historical models have an English
verbose name that no translation reaches). The permission pickers list the permissions
by their Swedish names instead ("Kan lägga till dilemma"), and leave out the historical
models' permissions: the history is read and restored through the item's own.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import dates

ACTIONS = {
    "add": _("Kan lägga till %s"),
    "change": _("Kan ändra %s"),
    "delete": _("Kan ta bort %s"),
    "view": _("Kan se %s"),
}


def permission_label(permission) -> str:
    """'Dilemman | dilemma | Kan lägga till dilemma'."""
    model = permission.content_type.model_class()
    action, _sep, _rest = permission.codename.partition("_")
    if model is None:
        return str(permission)
    opts = model._meta
    name = permission.name
    if action in ACTIONS and permission.codename == f"{action}_{opts.model_name}":
        name = ACTIONS[action] % opts.verbose_name
    return f"{capfirst(opts.app_config.verbose_name)} | {opts.verbose_name} | {name}"


def shown_permissions():
    return (
        Permission.objects.exclude(content_type__model__startswith="historical")
        .select_related("content_type")
        .order_by("content_type__app_label", "content_type__model", "codename")
    )


class SwedishPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["queryset"] = shown_permissions()
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(Group)
class SwedishGroupAdmin(SwedishPermissionsMixin, GroupAdmin):
    pass


@admin.register(User)
class SwedishUserAdmin(SwedishPermissionsMixin, UserAdmin):
    pass


# django-otp's TOTP devices: the model and its fields have plain English names (no
# gettext), so the names are set here: the model's at start (apply_swedish_names; the
# migrations read a model's own Meta, not these), the fields' in the form and the list.
TOTP_FIELDS = {
    "user": (_("användare"), _("Användaren som enheten hör till.")),
    "name": (_("namn"), _("Ett namn på enheten som en människa känner igen.")),
    "confirmed": (_("bekräftad"), _("Är enheten klar att användas?")),
    "key": (_("nyckel"), _("En hemlig nyckel på högst 40 byte, hexadecimalt.")),
    "step": (_("tidssteg"), _("Tidssteget i sekunder.")),
    "t0": (_("starttid"), _("Unixtiden då stegen börjar räknas.")),
    "digits": (_("antal siffror"), _("Antalet siffror i en engångskod.")),
    "tolerance": (_("tolerans"), _("Antalet tidssteg före eller efter som godtas.")),
    "drift": (_("avvikelse"), _("Antalet tidssteg som enhetens klocka är känd att avvika.")),
    "last_t": (_("senaste tidssteg"), _("Tidssteget för den senast godkända koden.")),
    "throttling_failure_timestamp": (_("senaste misslyckade försök"), ""),
    "throttling_failure_count": (_("antal misslyckade försök i följd"), ""),
    "created_at": (_("skapad"), _("När enheten lades till.")),
    "last_used_at": (_("senast använd"), _("När enheten senast användes.")),
}
TOTP_SECTIONS = {
    "Identity": _("Enheten"),
    "Timestamps": _("Tider"),
    "Configuration": _("Inställningar"),
    "State": _("Läge"),
    "Throttling": _("Spärr efter misslyckade försök"),
}


def apply_swedish_names():
    """Called from the site app's ready(): Swedish names for what has none."""
    from django.apps import apps

    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        apps.get_app_config("otp_totp").verbose_name = _("Tvåstegsinloggning")
        TOTPDevice._meta.verbose_name = _("app för engångskoder")
        TOTPDevice._meta.verbose_name_plural = _("appar för engångskoder")
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        apps.get_app_config("axes").verbose_name = _("Inloggningsspärr")
        # Their names in admin's titles and lists ("Access Log for anna @ …").
        AccessAttempt.__str__ = lambda self: (
            gettext("Inloggningsförsök %(when)s")
            % {"when": dates.compact_datetime(self.attempt_time)}
        )
        AccessLog.__str__ = lambda self: (
            gettext("Inloggning av %(user)s %(when)s")
            % {
                "user": self.username,
                "when": dates.compact_datetime(self.attempt_time),
            }
        )
        AccessFailureLog.__str__ = lambda self: (
            gettext("Misslyckad inloggning av %(user)s %(when)s")
            % {"user": self.username, "when": dates.compact_datetime(self.attempt_time)}
        )


def _register_totp_admin():
    from django.apps import apps

    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def column(name, **kwargs):
        @admin.display(description=TOTP_FIELDS[name][0], ordering=name, **kwargs)
        def show(obj):
            return getattr(obj, name)

        show.__name__ = f"sv_{name}"
        return show

    class SwedishTOTPDeviceAdmin(TOTPDeviceAdmin):
        list_display = [
            column("user"),
            column("name"),
            column("created_at"),
            column("last_used_at"),
            column("confirmed", boolean=True),
        ]
        list_filter = []
        search_help_text = _("Sök på användarnamn eller e-postadress.")

        def get_list_display(self, request):
            return list(self.list_display)

        def get_fieldsets(self, request, obj=None):
            renamed = {"created_at": "sv_created_at", "last_used_at": "sv_last_used_at"}
            return [
                (
                    TOTP_SECTIONS.get(title, title),
                    {**options, "fields": [renamed.get(f, f) for f in options["fields"]]},
                )
                for title, options in super().get_fieldsets(request, obj)
            ]

        @admin.display(description=TOTP_FIELDS["created_at"][0])
        def sv_created_at(self, obj):
            return obj.created_at

        @admin.display(description=TOTP_FIELDS["last_used_at"][0])
        def sv_last_used_at(self, obj):
            return obj.last_used_at

        @admin.display(description=_("QR-kod"))
        def qrcode_link(self, device):
            return TOTPDeviceAdmin.qrcode_link(self, device)

        def get_form(self, request, obj=None, change=False, **kwargs):
            form = super().get_form(request, obj, change, **kwargs)
            for name, field in form.base_fields.items():
                if name in TOTP_FIELDS:
                    field.label = capfirst(TOTP_FIELDS[name][0])
                    field.help_text = TOTP_FIELDS[name][1]
            return form

        def get_readonly_fields(self, request, obj=None):
            return ["sv_created_at", "sv_last_used_at", "qrcode_link"]

    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)
    admin.site.register(TOTPDevice, SwedishTOTPDeviceAdmin)


_register_totp_admin()
