"""Create the local demo logins once (one per role) and print them. Used by `make run`."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from forvaltningskultur import roles

LOGINS = [
    ("admin", "superanvändare", None),
    ("redaktor", "redaktör: allt innehåll, inga personuppgifter", roles.EDITOR),
    ("anmalan", "anmälningsansvarig: anmälningar och export, inget innehåll", roles.REGISTRATIONS),
]


class Command(BaseCommand):
    help = "Skapar demoinloggningarna (en per roll) en gång och skriver ut dem."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "")
        if len(password) < 12:
            raise CommandError(
                "DEMO_ADMIN_PASSWORD saknas eller är kortare än 12 tecken (se .env)."
            )
        roles.sync_group_permissions()
        user_model = get_user_model()
        self.stdout.write("")
        self.stdout.write("  Administration: http://127.0.0.1:8000/admin/")
        for username, description, group in LOGINS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.invalid",
                    "is_staff": True,
                    "is_superuser": group is None,
                },
            )
            if created:
                user.set_password(password)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            shown = password if user.check_password(password) else "(ändrat sedan första körningen)"
            self.stdout.write(f"  {username:<9} {shown:<20} {description}")
        self.stdout.write("")
