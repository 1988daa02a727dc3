"""`manage.py purge_personal_data`: run daily (a systemd timer or cron). Safe to repeat."""

from django.conf import settings
from django.core.management.base import BaseCommand

from forvaltningskultur.registration.purge import purge_personal_data


class Command(BaseCommand):
    help = (
        "Raderar kost- och anpassningsuppgifter efter evenemanget och övriga personuppgifter "
        "PERSONAL_DATA_RETENTION_DAYS dagar efter. Antalet anmälda finns kvar."
    )

    def handle(self, *args, **options):
        report = purge_personal_data()
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        for label, (needs, personal) in report.items():
            self.stdout.write(
                f"{label}: kost/anpassning raderad i {needs} anmälningar, "
                f"alla personuppgifter raderade i {personal} (äldre än {days} dagar)."
            )
        from material.purge import purge_submitter_data

        for label, (purged, deleted) in purge_submitter_data().items():
            self.stdout.write(
                f"{label}: inlämnarens namn och e-post raderade i {purged} bidrag "
                f"(beslut äldre än {settings.MATERIAL_SUBMITTER_RETENTION_DAYS} dagar), "
                f"{deleted} obekräftade bidrag raderade."
            )
        self.stdout.write(self.style.SUCCESS("Klart."))
