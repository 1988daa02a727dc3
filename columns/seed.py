"""Demo content for columns, loaded by `manage.py seed_demo`.

The column by Maria Larsson is named on the programme's original start page; its body is
example text. The other writers are made-up example names. Portraits are generated
initials images so the demo has real renditions without shipping photographs of anyone.
"""

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from forvaltningskultur.publishing import Status

from .models import Author, Column

EXAMPLE_NOTE = (
    "<p><strong>Exempeltext.</strong> Den här texten är skriven för att visa hur en krönika "
    "ser ut på webbplatsen. Den är inte skribentens egen.</p>"
)

AUTHORS = [
    {
        "slug": "maria-larsson",
        "name": "Maria Larsson",
        "role": "landshövding, tidigare socialminister",
        "organisation": "",
        "bio": (
            "Maria Larsson är landshövding och var tidigare socialminister. Hon sitter i "
            "Statskontorets råd för en god förvaltningskultur."
        ),
        "on_council": True,
        "colour": (0, 61, 115),
    },
    {
        "slug": "exempelnamn-forvaltningsforskare",
        "name": "Exempelnamn Förvaltningsforskare",
        "role": "docent i statsvetenskap (påhittad exempelskribent)",
        "organisation": "Exempeluniversitetet",
        "bio": "En påhittad skribent som visar hur en forskares krönika ser ut på webbplatsen.",
        "on_council": False,
        "colour": (30, 94, 44),
    },
    {
        "slug": "exempelnamn-personalchef",
        "name": "Exempelnamn Personalchef",
        "role": "HR-direktör (påhittad exempelskribent)",
        "organisation": "Exempelmyndigheten",
        "bio": "En påhittad skribent som visar hur en chefs krönika ser ut på webbplatsen.",
        "on_council": False,
        "colour": (122, 65, 0),
    },
]

COLUMNS = [
    {
        "slug": "kan-medborgarna-lita-pa-staten",
        "title": "Kan medborgarna lita på staten?",
        "author": "maria-larsson",
        "days_ago": 6,
        "language": "sv",
        "introduction": (
            "Kan medborgarna lita på staten? Det är frågan Maria Larsson ställer efter att flera "
            "olika statliga myndigheter har uppmärksammats för att ha misskött sig."
        ),
        "body": EXAMPLE_NOTE
        + (
            "<p>Förtroende byggs långsamt och raseras snabbt. När en myndighet uppmärksammas för "
            "att ha slarvat med upphandlingar, jäv eller bemötande drabbas inte bara den "
            "myndigheten. Frågan blir större: kan medborgarna lita på staten?</p>"
            "<h2>Värdegrunden är ett ansvar för varje statsanställd</h2>"
            "<p>Den statliga värdegrunden samlar det som gäller för oss alla: demokrati, "
            "legalitet, objektivitet, fri åsiktsbildning, respekt för alla människors lika "
            "värde, frihet och värdighet samt effektivitet och service. Principerna är inte "
            "nya, men de behöver samtalas om, om och om igen.</p>"
            "<h2>Chefen sätter tonen</h2>"
            "<p>Det är i vardagens små beslut som förvaltningskulturen syns. En chef som "
            "tar upp svåra situationer på arbetsplatsträffen gör det lättare för medarbetarna "
            "att säga ifrån när något är fel.</p>"
        ),
    },
    {
        "slug": "jav-ar-inte-ett-personligt-misslyckande",
        "title": "Jäv är inte ett personligt misslyckande",
        "author": "exempelnamn-forvaltningsforskare",
        "days_ago": 34,
        "language": "sv",
        "introduction": (
            "Att anmäla jäv är ett tecken på professionalitet, inte på svaghet. Ändå tvekar "
            "många statsanställda att säga ifrån."
        ),
        "body": EXAMPLE_NOTE
        + (
            "<p>Förvaltningslagen säger att den som är jävig inte får delta i handläggningen av "
            "ett ärende. Regeln är enkel, men situationerna sällan. Den som anmäler jäv skyddar "
            "både sig själv och myndigheten.</p>"
            "<p>Gör det lätt att säga ”jag bör nog inte handlägga det här”. Ett klimat där jäv "
            "kan nämnas utan skam är ett tecken på en god förvaltningskultur.</p>"
        ),
    },
    {
        "slug": "rekrytera-for-varderingar",
        "title": "Rekrytera för värderingar, inte bara för meriter",
        "author": "exempelnamn-personalchef",
        "days_ago": 71,
        "language": "sv",
        "introduction": (
            "Hur märker man i en intervju att någon förstår rollen som statstjänsteman? En "
            "HR-direktör om att tala värdegrund redan från första mötet."
        ),
        "body": EXAMPLE_NOTE
        + (
            "<p>Den som söker jobb i staten söker sig till en särskild roll: att tjäna "
            "medborgarna inom ramen för lagar och regler. Det är värt att prata om redan i "
            "rekryteringen.</p>"
            "<p>Fråga hur kandidaten skulle hantera ett erbjudande om en gåva från en "
            "leverantör, eller en kollega som tummar på reglerna. Svaren säger ofta mer än "
            "meritförteckningen.</p>"
        ),
    },
    {
        "slug": "trust-is-built-in-everyday-decisions",
        "title": "Trust is built in everyday decisions",
        "author": "exempelnamn-forvaltningsforskare",
        "days_ago": 102,
        "language": "en",
        "introduction": (
            "A column in English, to show how a text in another language is marked up for "
            "screen readers."
        ),
        "body": (
            "<p><strong>Example text.</strong> This column was written to show how a text in "
            "another language appears on the site.</p>"
            "<p>Public trust does not come from grand statements. It is earned in thousands of "
            "small decisions made by civil servants every day: being impartial, explaining "
            "decisions, and admitting mistakes.</p>"
        ),
    },
]


def initials_portrait(name: str, colour: tuple[int, int, int]) -> bytes:
    """A 480×600 JPEG with the name's initials, standing in for a photograph."""
    image = Image.new("RGB", (480, 600), colour)
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=180)
    draw.text((240, 300), initials, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def run(stdout):
    """Create or update this app's demo content. Safe to run repeatedly."""
    now = timezone.now()
    authors = {}
    for values in AUTHORS:
        values = dict(values)
        colour = values.pop("colour")
        author, _ = Author.objects.update_or_create(slug=values.pop("slug"), defaults=values)
        initials = "".join(part[0] for part in author.name.split()[:2]).upper()
        author.portrait_alt = (
            f"Exempelbild med initialerna {initials} i stället för ett porträtt av {author.name}"
        )
        if not author.portrait:
            # Assigned, not FieldFile.save(): UploadTo then names the file from its content.
            author.portrait = ContentFile(
                initials_portrait(author.name, colour), name=f"{author.slug}.jpg"
            )
        author.full_clean()
        author.save()
        authors[author.slug] = author

    for values in COLUMNS:
        values = dict(values)
        days_ago = values.pop("days_ago")
        values["author"] = authors[values["author"]]
        Column.objects.get_or_create(
            slug=values.pop("slug"),
            defaults={
                **values,
                "status": Status.PUBLISHED,
                "publish_at": now - dt.timedelta(days=days_ago, hours=2),
            },
        )
    stdout.write(f"Krönikor: {Column.objects.count()} krönikor av {len(authors)} skribenter.")
