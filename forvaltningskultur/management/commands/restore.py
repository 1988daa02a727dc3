"""Restore a backup made by `manage.py backup`: the database and the media files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forvaltningskultur import backups


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia från `manage.py backup`. Skriver inte över en "
        "befintlig databas eller befintliga mediefiler utan --force (de läggs då undan, "
        "inte raderas). För PostgreSQL: skriver ut hur pg_restore används."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="Mappen som `manage.py backup` skrev.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ersätt befintlig databas och befintliga mediefiler.",
        )
        parser.add_argument(
            "--database",
            help="Återställ databasen till den här filen (standard: webbplatsens databas).",
        )
        parser.add_argument(
            "--media-root",
            help="Återställ mediefilerna hit (standard: DJANGO_MEDIA_ROOT).",
        )

    def handle(self, *args, backup, force, database, media_root, **options):
        if not backups.is_sqlite() and not database:
            self.stdout.write(backups.recipe("restore"))
            return
        try:
            done = backups.restore(
                Path(backup),
                database=Path(database or settings.DATABASES["default"]["NAME"]),
                media=Path(media_root or settings.MEDIA_ROOT),
                force=force,
            )
        except backups.RestoreRefused as error:
            raise CommandError(str(error)) from error
        for line in done:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Återställningen är klar."))
