"""Demo content for courses, loaded by `manage.py seed_demo`.

The course for managers from the programme's original start page, "Att leda samtal om
rollen som statsanställd", on two Tuesdays in the coming weeks (that page's 25 April and
16 May, three weeks apart), and one course given with a partner agency that takes the
sign-ups on its own site.
"""

import datetime as dt

from django.utils import timezone

from forvaltningskultur.publishing import Status

from .models import Course, CourseOccasion, Organiser

COURSES = [
    {
        "slug": "att-leda-samtal-om-rollen-som-statsanstalld",
        "title": "Att leda samtal om rollen som statsanställd",
        "target_group": "chefer",
        "introduction": (
            "En kurs för chefer i att leda samtal med sina medarbetare om rollen som "
            "statsanställd och den statliga värdegrunden."
        ),
        "body": (
            "<p>Som chef i staten har du ett särskilt ansvar för att medarbetarna känner till "
            "och förstår vad det innebär att arbeta i staten. Kursen ger dig verktyg för att "
            "leda samtal om rollen som statsanställd, med utgångspunkt i den statliga "
            "värdegrunden och i dilemman från vardagen på en myndighet.</p>"
            "<h2>Innehåll</h2><ul>"
            "<li>Den statliga värdegrunden: sex principer och deras rättsliga grund</li>"
            "<li>Att leda samtal om dilemman på arbetsplatsträffen</li>"
            "<li>Övningar i små grupper och erfarenhetsutbyte</li></ul>"
            "<p>Kursen är en heldag. Lunch och kaffe ingår. Kursen är kostnadsfri.</p>"
        ),
        "organiser": Organiser.STATSKONTORET,
        # (weeks from now, days long, capacity): the original page's order, earlier first.
        "occasions": [(3, 1, 24), (6, 1, 24)],
    },
    {
        "slug": "introduktion-till-rollen-som-statsanstalld",
        "title": "Introduktion till rollen som statsanställd",
        "target_group": "nyanställda medarbetare och HR",
        "introduction": (
            "En tvådagarskurs för nyanställda i staten om offentlighet, objektivitet och "
            "förvaltningskultur, som Statskontoret ger tillsammans med en annan myndighet."
        ),
        "body": (
            "<p>Vad skiljer en statlig anställning från andra? Kursen går igenom de "
            "grundläggande reglerna för statsanställda: legalitet, objektivitet, "
            "offentlighetsprincipen, jäv och bisysslor. Statskontoret medverkar med ett pass "
            "om förvaltningskultur och dilemman i vardagen.</p>"
            "<p>Anmälan görs hos samarbetsmyndigheten.</p>"
        ),
        "organiser": Organiser.PARTNER,
        "partner_name": "Exempelmyndigheten",
        "partner_url": "https://www.example.org/",
        "external_signup_url": "https://www.example.org/kurser/rollen-som-statsanstalld",
        "occasions": [(8, 2, 40)],
    },
]


def tuesday(weeks: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Tuesday `weeks` from now, at a Stockholm time."""
    today = timezone.localdate()
    base = today + dt.timedelta(days=(1 - today.weekday()) % 7 + 7 * weeks)
    return timezone.make_aware(dt.datetime.combine(base, dt.time(hour, minute)))


def run(stdout):
    """Create or update this app's demo content. Safe to run repeatedly."""
    for item in COURSES:
        values = {k: v for k, v in item.items() if k not in ("slug", "occasions")}
        course, _created = Course.objects.get_or_create(
            slug=item["slug"],
            defaults={
                **values,
                "status": Status.PUBLISHED,
                "publish_at": timezone.now() - dt.timedelta(days=1),
            },
        )
        existing = list(course.occasions.order_by("starts_at", "pk"))
        # Keep the demo alive and in the seed's order: once one has passed, all move forward.
        reschedule = any(occasion.is_past for occasion in existing)
        for index, (weeks, days, capacity) in enumerate(item["occasions"]):
            start = tuesday(weeks, 9)
            end = tuesday(weeks, 16) + dt.timedelta(days=days - 1)
            if index < len(existing):
                if reschedule:
                    existing[index].starts_at, existing[index].ends_at = start, end
                    existing[index].signup_closes_at = start - dt.timedelta(days=7)
                    existing[index].save()
                continue
            CourseOccasion.objects.create(
                course=course,
                starts_at=start,
                ends_at=end,
                venue=item.get("partner_name", "Statskontoret"),
                address="Stockholm",
                capacity=capacity,
                signup_closes_at=start - dt.timedelta(days=7),
            )
    stdout.write("Kurser: en egen kurs med två tillfällen och en kurs med en samarbetsmyndighet.")
