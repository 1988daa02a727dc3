"""Create the local admin login once and print it. Used by `make run`."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Skapar inloggningen för administrationen (en gång) och skriver ut den."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "")
        if len(password) < 12:
            raise CommandError(
                "DEMO_ADMIN_PASSWORD saknas eller är kortare än 12 tecken (se .env)."
            )
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username="admin",
            defaults={"email": "admin@example.invalid", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(password)
            user.save()
        self.stdout.write("")
        self.stdout.write("  Administration: http://127.0.0.1:8000/admin/")
        self.stdout.write("  Användarnamn:   admin")
        if user.check_password(password):
            self.stdout.write(f"  Lösenord:       {password}")
        else:
            self.stdout.write("  Lösenord:       (ändrat sedan första körningen)")
        self.stdout.write("")
