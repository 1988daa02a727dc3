# Films saved before this keep their own status and time (False); new films follow
# their seminar (True).

from django.db import migrations, models

HELP = (
    "Filmen syns när seminariet är publicerat. Ta bort bocken för att i stället styra "
    "filmen med egen status och publiceringstid."
)


def field(default):
    return models.BooleanField(
        default=default, help_text=HELP, verbose_name="publiceras med seminariet"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("seminars", "0004_scheduled_mail"),
    ]

    operations = [
        migrations.AddField(model_name="film", name="follows_seminar", field=field(False)),
        migrations.AddField(
            model_name="historicalfilm", name="follows_seminar", field=field(False)
        ),
        migrations.AlterField(model_name="film", name="follows_seminar", field=field(True)),
        migrations.AlterField(
            model_name="historicalfilm", name="follows_seminar", field=field(True)
        ),
    ]
