"""Rebuild the search index from every searchable object (after bulk imports)."""

from django.core.management.base import BaseCommand

from forvaltningskultur import search


class Command(BaseCommand):
    help = "Bygger om sökindexet för allt innehåll."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexerade {count} objekt."))
