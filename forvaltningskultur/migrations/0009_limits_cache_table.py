"""The table of the database cache that counts limits when there is no Redis
(settings.CACHES["limits"]): created here so that no deployment step is forgotten."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("forvaltningskultur", "0008_outgoing_mail")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
