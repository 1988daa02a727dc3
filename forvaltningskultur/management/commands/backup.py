"""Back up the SQLite database (online, while the site runs) and the media files."""

from pathlib import Path

from django.core.management.base import BaseCommand

from forvaltningskultur import backups


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen (SQLite, medan webbplatsen är igång) och mediefilerna "
        "till en ny mapp med tidsstämpel. För PostgreSQL: skriver ut hur pg_dump används."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Mappen där säkerhetskopian läggs.")

    def handle(self, *args, directory, **options):
        if not backups.is_sqlite():
            self.stdout.write(backups.recipe("backup"))
            return
        folder = backups.backup(Path(directory))
        if not backups.media_on_disk():
            self.stdout.write(
                "Mediefilerna ligger i en S3-bucket och kopieras inte: använd bucketens "
                "versionshantering eller replikering."
            )
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopian finns i {folder}"))
