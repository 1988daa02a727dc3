"""The admin site: Swedish titles, and two-factor login (TOTP) when STAFF_TWO_FACTOR is on.

With two-factor on, staff who have a TOTP device give its code at login, and superusers
must have one: without a verified device they get no access.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp.forms import OTPAuthenticationFormMixin


class OTPAdminAuthenticationForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username, password and, for users with a device, the one-time code."""

    otp_device = None
    otp_challenge = None

    def __init__(self, *args, **kwargs):
        from django import forms
        from django.utils.translation import gettext_lazy as _

        super().__init__(*args, **kwargs)
        self.fields["otp_token"] = forms.CharField(
            label=_("Engångskod från din autentiseringsapp"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )

    def clean(self):
        self.cleaned_data = super().clean()
        self.clean_otp(self.get_user())
        return self.cleaned_data


class SiteAdmin(admin.AdminSite):
    site_header = "En god förvaltningskultur i staten – administration"
    site_title = "Förvaltningskultur – admin"
    index_title = "Innehåll och anmälningar"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if settings.STAFF_TWO_FACTOR:
            self.login_form = OTPAdminAuthenticationForm

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if settings.STAFF_TWO_FACTOR:
            user = request.user
            verified = user.is_verified() if hasattr(user, "is_verified") else False
            from django_otp import user_has_device

            if user.is_superuser and not verified:
                return False
            if user_has_device(user) and not verified:
                return False
        return True
