"""Demo content for seminars, loaded by `manage.py seed_demo`.

The two seminars of the programme's original start page, on Wednesdays in the coming
weeks, and two past seminars with filmed lectures (external player links and small
Swedish WebVTT captions).
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from forvaltningskultur.publishing import Status

from .models import Film, Seminar, Speaker

# A demo film on an external player; the editor replaces it with the real recording.
DEMO_VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"

UPCOMING = [
    {
        "slug": "var-gar-gransen",
        "weeks": 2,
        "start": (13, 0),
        "end": (14, 30),
        "capacity": 80,
        "title": "Var går gränsen? Om vänskapskorruption och olämpliga relationer",
        "introduction": (
            "Vänskapskorruption är sällan olagligt men kan skada förtroendet för staten. "
            "Var går gränsen mellan ett gott nätverk och en olämplig relation?"
        ),
        "body": (
            "<p>Relationer är en del av arbetslivet. Men när vänskap, tjänster och "
            "gentjänster påverkar beslut i myndigheten står förtroendet för hela "
            "förvaltningen på spel. Seminariet tar upp forskning om vänskapskorruption och "
            "erfarenheter från myndigheter som arbetat med frågan.</p>"
            "<h2>Program</h2><ul><li>13.00 Välkommen</li><li>13.10 Vad är vänskapskorruption?</li>"
            "<li>13.50 Så arbetar en myndighet med jäv och bisysslor</li>"
            "<li>14.15 Frågor och samtal</li></ul>"
        ),
        "speakers": [
            (
                "Exempelnamn Forskare",
                "docent i statsvetenskap",
                "Exempeluniversitetet",
                "Forskar om korruption och förtroende i offentlig förvaltning.",
            ),
            (
                "Exempelnamn Jurist",
                "chefsjurist",
                "En statlig myndighet",
                "Har lett myndighetens arbete med rutiner för jäv och bisysslor.",
            ),
        ],
    },
    {
        "slug": "nar-svart-och-vitt-blir-gratt",
        "weeks": 5,
        "start": (8, 15),
        "end": (9, 15),
        "capacity": 60,
        "title": "När svart och vitt blir grått. Frukostseminarium om rekrytering i staten",
        "introduction": (
            "Frukostseminarium om rekrytering i staten: förtjänst och skicklighet, "
            "objektivitet och de svåra gränsfallen."
        ),
        "body": (
            "<p>Statliga anställningar ska grundas på sakliga grunder som förtjänst och "
            "skicklighet. Ändå uppstår gråzoner: referenser från bekanta, interna kandidater och "
            "tidspress. Vi samtalar om hur chefer och HR kan göra rätt när det inte är "
            "självklart vad som är rätt.</p><p>Kaffe och smörgås serveras från 7.45.</p>"
        ),
        "speakers": [
            (
                "Exempelnamn HR-chef",
                "HR-chef",
                "En statlig myndighet",
                "Arbetar med kompetensbaserad rekrytering i staten.",
            ),
        ],
    },
]

PAST = [
    {
        "slug": "tillit-i-forvaltningen",
        "weeks": -6,
        "title": "Tillit i förvaltningen – vad krävs av chefer och medarbetare?",
        "introduction": "Om tillitsbaserad styrning och vad den kräver av rollen som statsanställd.",
        "speaker": (
            "Exempelnamn Professor",
            "professor i offentlig förvaltning",
            "Exempelhögskolan",
        ),
        "film": "Tillit i förvaltningen – föreläsning",
        "minutes": 42,
    },
    {
        "slug": "yttrandefrihet-och-lojalitet",
        "weeks": -14,
        "title": "Yttrandefrihet och lojalitet – går det ihop?",
        "introduction": "Om meddelarfrihet, yttrandefrihet och lojalitet mot arbetsgivaren.",
        "speaker": ("Exempelnamn Jurist", "jurist", "Exempelmyndigheten"),
        "film": "Yttrandefrihet och lojalitet – föreläsning",
        "minutes": 35,
    },
]


def captions_for(title: str) -> bytes:
    """A tiny valid Swedish WebVTT file for a demo film."""
    return (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:04.000\n"
        f"Välkomna till seminariet. {title}.\n\n"
        "00:00:04.000 --> 00:00:09.000\n"
        "Det här är en demonstrationstextning på svenska.\n"
    ).encode()


def wednesday(weeks: int, hour: int, minute: int) -> dt.datetime:
    """A Wednesday `weeks` from now (negative: in the past), at a Stockholm time."""
    today = timezone.localdate()
    base = today + dt.timedelta(days=(2 - today.weekday()) % 7 + 7 * weeks)
    return timezone.make_aware(dt.datetime.combine(base, dt.time(hour, minute)))


def _seminar(slug, defaults, start, end):
    seminar, created = Seminar.objects.get_or_create(
        slug=slug,
        defaults={**defaults, "starts_at": start, "ends_at": end, "status": Status.PUBLISHED,
                  "publish_at": timezone.now() - dt.timedelta(days=1)},
    )  # fmt: skip
    return seminar, created


def run(stdout):
    """Create or update this app's demo content. Safe to run repeatedly."""
    for item in UPCOMING:
        start, end = (
            wednesday(item["weeks"], *item["start"]),
            wednesday(item["weeks"], *item["end"]),
        )
        defaults = {
            "title": item["title"],
            "introduction": item["introduction"],
            "body": item["body"],
            "capacity": item["capacity"],
            "venue": "Statskontoret",
            "address": "Stockholm",
        }
        seminar, created = _seminar(item["slug"], defaults, start, end)
        if not created and seminar.is_past:
            # Keep the demo alive: an upcoming seed seminar that has passed moves forward.
            seminar.starts_at, seminar.ends_at = start, end
            seminar.save()
        if not seminar.speakers.exists():
            for order, (name, title, organisation, bio) in enumerate(item["speakers"]):
                Speaker.objects.create(
                    seminar=seminar,
                    name=name,
                    title=title,
                    organisation=organisation,
                    bio=bio,
                    order=order,
                )
    for item in PAST:
        start, end = wednesday(item["weeks"], 13, 0), wednesday(item["weeks"], 14, 30)
        defaults = {
            "title": item["title"],
            "introduction": item["introduction"],
            "body": f"<p>{item['introduction']} Föreläsningen filmades och finns här nedan.</p>",
            "capacity": 80,
            "venue": "Statskontoret",
            "address": "Stockholm",
        }
        seminar, _created = _seminar(item["slug"], defaults, start, end)
        if not seminar.speakers.exists():
            name, title, organisation = item["speaker"]
            Speaker.objects.create(
                seminar=seminar, name=name, title=title, organisation=organisation
            )
        film, _created = Film.objects.get_or_create(
            seminar=seminar,
            title=item["film"],
            defaults={
                "external_url": DEMO_VIDEO_URL,
                "duration_minutes": item["minutes"],
                "transcript": (
                    "Välkomna till seminariet.\n\n"
                    "Det här är en demonstrationstranskription. Här står det som sägs i filmen."
                ),
                "status": Status.PUBLISHED,
                "publish_at": timezone.now() - dt.timedelta(days=1),
            },
        )
        if not film.captions:
            film.captions = ContentFile(captions_for(film.title), name="textning.vtt")
            film.save()
    stdout.write("Seminarier: två kommande och två tidigare med filmer.")
