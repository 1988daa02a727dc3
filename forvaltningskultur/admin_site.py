"""The admin site: Swedish titles, two-factor login (TOTP) when STAFF_TWO_FACTOR is on,
and the one answer to "may this person use admin, and this model in it?".

With two-factor on, staff who can see personal data (superusers and the registrations
role) must have a TOTP device and give its code at login; others give it if they have one.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import options as admin_options
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin

from .roles import holds_personal_data, sees_personal_data


class LabelledSplitDateTime(admin_widgets.AdminSplitDateTime):
    """Django's date and time inputs, each with a <label> of its own ("Datum:", "Tid:"):
    Django gives those words as plain text that no screen reader ties to its input."""

    template_name = "forvaltningskultur/widgets/split_datetime.html"


def _accessible_admin_widgets():
    """Every admin form of the project gets the labelled date and time inputs, and a
    related-object add link ("Lägg till tema i ett nytt fönster") that says it opens a
    window and so differs from the sidebar's "Lägg till tema". Set here, before any
    ModelAdmin is made (this module is imported when admin.site is first used), since
    Django copies its field defaults into each ModelAdmin as it is created; a form
    template would not do, as widgets are rendered by the form renderer, which does not
    read the project's template folder."""
    admin_options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField]["widget"] = (
        LabelledSplitDateTime
    )
    admin_widgets.RelatedFieldWidgetWrapper.template_name = (
        "forvaltningskultur/widgets/related_widget_wrapper.html"
    )


_accessible_admin_widgets()


class OTPAdminAuthenticationForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username, password and, for users with a device, the one-time code."""

    otp_device = None
    otp_challenge = None
    otp_error_messages = dict(
        OTPAuthenticationFormMixin.otp_error_messages,
        token_required=_("Skriv engångskoden från din autentiseringsapp."),
        invalid_token=_("Engångskoden stämmer inte. Försök igen med koden som visas nu."),
        n_failed_attempts=_(
            "För många felaktiga engångskoder. Vänta en stund och försök sedan igen."
        ),
        verification_not_allowed=_("Engångskoden kan inte användas just nu."),
        device_required=_(
            "Kontot har flera autentiseringsappar. Be en administratör ta bort dem du inte "
            "använder."
        ),
    )

    def _chosen_device(self, user):
        # The form has no device menu: staff have one authenticator app, and its code is
        # checked against that app alone (django-otp asks for an explicit choice).
        from django_otp import devices_for_user

        devices = list(devices_for_user(user, confirmed=True, for_verify=True))
        return devices[0] if len(devices) == 1 else None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"] = forms.CharField(
            label=_("Engångskod från din autentiseringsapp"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )

    def clean(self):
        self.cleaned_data = super().clean()
        user = self.get_user()
        from django_otp import user_has_device

        if user is None:
            return self.cleaned_data
        has_device = user_has_device(user)
        if not has_device and not sees_personal_data(user):
            # Content only: a code is asked of those who have set up an app.
            return self.cleaned_data
        if not has_device:
            raise forms.ValidationError(
                _(
                    "Ditt konto kan se personuppgifter och måste därför logga in med en "
                    "engångskod. Be en administratör att lägga till en autentiseringsapp "
                    "för dig (manage.py add_totp_device)."
                ),
                code="two_factor_required",
            )
        self.clean_otp(user)
        return self.cleaned_data


class SiteAdmin(admin.AdminSite):
    site_header = "En god förvaltningskultur i staten – administration"
    site_title = "Förvaltningskultur – admin"
    index_title = "Innehåll och anmälningar"

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.STAFF_TWO_FACTOR else None

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if settings.STAFF_TWO_FACTOR:
            user = request.user
            verified = user.is_verified() if hasattr(user, "is_verified") else False
            from django_otp import user_has_device

            if not verified and (sees_personal_data(user) or user_has_device(user)):
                return False
        return True

    def index(self, request, extra_context=None):
        """The index with the dashboard's panels for this user (dashboard.py) and a
        direct link to the start page for those who may change it."""
        from . import dashboard

        extra_context = {
            "dashboard_panels": dashboard.panels_for(request),
            "start_page_url": dashboard.start_page_link(request),
            **(extra_context or {}),
        }
        return super().index(request, extra_context)

    def _build_app_dict(self, request, label=None):
        # The singular name of each model, for the sidebar's "Lägg till <name>" links
        # (one link text, one target: templates/admin/app_list.html).
        app_dict = super()._build_app_dict(request, label)
        for app in app_dict.values():
            for model in app.get("models", []):
                model["verbose_name"] = model["model"]._meta.verbose_name
        return app_dict

    def get_urls(self):
        # Django's "view on site" shortcut (/admin/r/…) asks only is_staff: ours asks
        # for the right to see that model, and never leads to personal data.
        return [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            )
            if getattr(pattern, "name", None) == "view_on_site"
            else pattern
            for pattern in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        if model is None or holds_personal_data(model) or not may(request, "view", model):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)


def may(request, action: str, model) -> bool:
    """Whether this request's user may use admin (two-factor included) and holds the
    `action` permission ("view" also passes with "change") on `model`."""
    if not admin.site.has_permission(request):
        return False
    opts = model._meta
    actions = ("view", "change") if action == "view" else (action,)
    return any(
        request.user.has_perm(f"{opts.app_label}.{get_permission_codename(a, opts)}")
        for a in actions
    )


def lockout_response(request, original_response, credentials):
    """django-axes' answer to a locked login: its page in the admin's own frame (the
    site's header and title), which axes' plain template context lacks."""
    from django.shortcuts import render

    return render(
        request,
        "admin/lockout.html",
        admin.site.each_context(request),
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
