"""`manage.py add_totp_device USER`: give a staff member an authenticator app (TOTP).

With two-factor login on (the default in production), everyone who can see personal
data logs in with a one-time code. This adds the device and prints the otpauth:// link
that the person's app reads (most apps take it as a QR code made from the link, or
typed in as the secret it carries).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Lägger till en autentiseringsapp (TOTP) för en användare och skriver ut länken."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Användarnamnet.")
        parser.add_argument("--name", default="Autentiseringsapp", help="Namn på enheten.")

    def handle(self, *args, username, name, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Användaren {username} finns inte.") from None
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(
            "Lägg in den här länken i autentiseringsappen (som QR-kod eller inskriven):"
        )
        self.stdout.write(device.config_url)
