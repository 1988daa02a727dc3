"""The page cache's one version row becomes a table of what pages depend on: the
content version (carried over, so that no old page is served again) and each event's
seats (filled in by the post-migrate sync, pagecache.new_release)."""

from django.db import migrations, models


def carry_over_version(apps, schema_editor):
    old = apps.get_model("forvaltningskultur", "SiteVersion").objects.filter(pk=1).first()
    if old is not None:
        apps.get_model("forvaltningskultur", "PageState").objects.create(
            name="content", value=old.number
        )


class Migration(migrations.Migration):
    dependencies = [
        ("forvaltningskultur", "0009_limits_cache_table"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageState",
            fields=[
                ("name", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "sidcachens läge"},
        ),
        migrations.RunPython(carry_over_version, migrations.RunPython.noop),
        migrations.DeleteModel(name="SiteVersion"),
    ]
