"""Demo content for seminars, loaded by `manage.py seed_demo`.

The two seminars of the programme's original start page, on Wednesdays in the coming
weeks, and two past seminars with filmed lectures (external player links and Swedish
WebVTT captions of what a speaker would say, spread over the film's length).
"""

import datetime as dt
import textwrap

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
        # (start, words[, speaker]). "kontrollparadoxen" is said in this film alone: the
        # search tests look for it.
        "captions": [
            ("0:02", "Välkomna, allihop, och tack för att ni har kommit hit i dag."),
            ("0:07", "Jag ska prata om tillit i förvaltningen och vad den kräver av oss,"),
            ("0:12", "både av er som är chefer och av er som är medarbetare."),
            ("0:18", "Men först en fråga: hur många här har fyllt i en blankett i veckan"),
            ("0:23", "som ingen sedan har läst?"),
            ("0:26", "(Skratt i publiken)"),
            ("0:29", "Ja, det är ungefär där vi börjar."),
            ("3:41", "Tillit handlar inte om att vara naiv."),
            ("3:45", "Det handlar om att ge människor det handlingsutrymme som uppdraget kräver,"),
            ("3:51", "och att följa upp på ett sätt som hjälper verksamheten framåt."),
            ("3:57", "Tillitsdelegationen, som regeringen tillsatte 2016, uttryckte det så här:"),
            ("4:03", "styrningen ska utgå från medborgarnas behov, inte från kontrollsystemens."),
            ("8:15", "Under flera decennier styrdes mycket av staten med mål och resultatmått."),
            ("8:21", "Tanken var god: vi ville veta vad vi fick för pengarna."),
            ("8:27", "Men när allt ska mätas, börjar man göra det som syns i mätningen."),
            ("8:33", "Och det som inte går att räkna, som omdöme och bemötande, trängs undan."),
            ("12:34", "Det här är vad jag brukar kalla kontrollparadoxen:"),
            ("12:39", "ju mer vi kontrollerar för att bygga förtroende,"),
            ("12:43", "desto mindre litar vi till slut på varandra."),
            ("12:48", "Varje ny kontroll säger något om hur vi ser på den som kontrolleras."),
            ("17:05", "Vad betyder då det här för dig som är chef?"),
            ("17:09", "Först och främst: tillit är inte detsamma som att släppa taget."),
            ("17:15", "Du har fortfarande ansvar för att verksamheten följer lagar och regler."),
            ("17:21", "Men du visar tillit när du frågar hur det går, inte bara om det är klart."),
            ("22:40", "Tillit går åt två håll. Som medarbetare har du också ett ansvar."),
            ("22:46", "Ditt handlingsutrymme kommer från medborgarna, genom riksdag och regering."),
            (
                "22:53",
                "Det betyder att säga ifrån när något är fel, och att vara öppen med misstag.",
            ),
            ("22:59", "Den statliga värdegrunden är ett bra stöd i det arbetet."),
            ("28:10", "Låt mig ge ett exempel från en myndighet som jag har följt."),
            ("28:15", "Där tog man bort ett tjugotal interna rapporter på ett år."),
            (
                "28:21",
                "Handläggarna träffades i stället varannan vecka och gick igenom svåra ärenden.",
            ),
            ("28:28", "Besluten blev inte sämre. De blev jämnare."),
            ("33:30", "Så, för att sammanfatta:"),
            ("33:33", "tillit är ett förhållningssätt, inte en metod man inför på ett möte."),
            ("33:39", "Den kräver att vi följer upp för att lära, inte för att hitta syndabockar."),
            (
                "36:50",
                "Hur gör man när ledningen ändå kräver fler rapporter?",
                "Fråga från publiken",
            ),
            (
                "36:57",
                "Bra fråga. Börja med att fråga vad rapporten ska användas till.",
                "Exempelnamn Professor",
            ),
            (
                "37:04",
                "Om ingen kan svara på det, är det ett starkt skäl att ta bort den.",
                "Exempelnamn Professor",
            ),
            (
                "41:20",
                "Tack för att ni lyssnade, och lycka till med samtalen på era arbetsplatser.",
            ),
        ],
    },
    {
        "slug": "yttrandefrihet-och-lojalitet",
        "weeks": -14,
        "title": "Yttrandefrihet och lojalitet – går det ihop?",
        "introduction": "Om meddelarfrihet, yttrandefrihet och lojalitet mot arbetsgivaren.",
        "speaker": ("Exempelnamn Jurist", "jurist", "Exempelmyndigheten"),
        "film": "Yttrandefrihet och lojalitet – föreläsning",
        "minutes": 35,
        # "anskaffarfriheten" is said in this film alone: the search tests look for it.
        "captions": [
            ("0:03", "Välkomna. Jag arbetar som jurist på Exempelmyndigheten."),
            ("0:08", "I dag ska vi prata om yttrandefrihet och lojalitet."),
            ("0:13", "Många upplever att de två står i motsats till varandra. Det gör de sällan."),
            ("2:30", "Låt oss börja i grundlagarna."),
            ("2:33", "Regeringsformen ger var och en yttrandefrihet gentemot det allmänna."),
            ("2:39", "Som statsanställd är du en del av det allmänna, men också medborgare."),
            (
                "2:45",
                "Du får alltså kritisera din myndighet offentligt, i en debattartikel.",
            ),
            ("6:10", "Sedan har vi meddelarfriheten, som är något annat."),
            ("6:15", "Den finns i tryckfrihetsförordningen och yttrandefrihetsgrundlagen."),
            ("6:21", "Du får lämna uppgifter till medierna för publicering,"),
            ("6:25", "i vissa fall även uppgifter som annars omfattas av tystnadsplikt."),
            ("6:31", "Men inte allt: viss sekretess går före meddelarfriheten."),
            (
                "8:02",
                "Och glöm inte offentlighetsprincipen: allmänna handlingar får alla begära ut.",
            ),
            ("10:45", "Två förbud skyddar den som lämnar uppgifter."),
            ("10:49", "Det första är efterforskningsförbudet:"),
            ("10:52", "myndigheten får inte försöka ta reda på vem som har pratat med medierna."),
            ("10:59", "Det andra är repressalieförbudet:"),
            ("11:02", "ingen får straffas för att ha använt sin meddelarfrihet."),
            ("11:08", "Det gäller också omplaceringar, uteblivna löneökningar och kalla handen."),
            ("14:20", "Till det kommer anskaffarfriheten."),
            ("14:24", "Den ger dig rätt att ta fram uppgifter för att lämna dem till medierna,"),
            ("14:30", "men inte rätt att bryta mot sekretessen eller gå dit du inte får gå."),
            ("18:00", "Så vad är då lojalitet i staten?"),
            ("18:04", "Din lojalitet gäller i första hand uppdraget,"),
            ("18:08", "alltså det som riksdagen och regeringen har beslutat."),
            ("18:14", "Det är inte samma sak som lojalitet mot en enskild chef."),
            ("18:20", "Inom myndigheten följer du fattade beslut och gör ditt arbete,"),
            ("18:25", "även när du själv hade velat något annat."),
            ("23:15", "Ett vanligt exempel i dag är sociala medier."),
            ("23:19", "Du får skriva om din myndighet på fritiden. Det är din yttrandefrihet."),
            ("23:26", "Men var tydlig med när du talar som privatperson"),
            ("23:30", "och när du företräder myndigheten. Säg det gärna rakt ut."),
            ("27:40", "Och till er som är chefer: ni får bemöta kritik i sak."),
            ("27:45", "Men kritiken får aldrig få följder för den som framförde den."),
            ("27:52", "En myndighet med högt i tak får veta om problem tidigt. Det är en styrka."),
            (
                "31:05",
                "Får min chef fråga om det var jag som pratade med tidningen?",
                "Fråga från publiken",
            ),
            (
                "31:12",
                "Nej. Det är just det som efterforskningsförbudet skyddar.",
                "Exempelnamn Jurist",
            ),
            ("31:18", "Och du behöver inte svara på frågan.", "Exempelnamn Jurist"),
            ("34:20", "Tack för i dag. Ta gärna med er frågorna till nästa arbetsplatsträff."),
        ],
    },
]


def _old_demo_captions(title: str) -> bytes:
    """The two-line captions that earlier seeds gave each demo film: replaced on seeding."""
    return (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:04.000\n"
        f"Välkomna till seminariet. {title}.\n\n"
        "00:00:04.000 --> 00:00:09.000\n"
        "Det här är en demonstrationstextning på svenska.\n"
    ).encode()


def _timestamp(seconds: float) -> str:
    hours, millis = divmod(round(seconds * 1000), 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def _at(start: str) -> int:
    minutes, seconds = start.split(":")
    return int(minutes) * 60 + int(seconds)


def captions_for(item: dict) -> bytes:
    """The demo film's Swedish WebVTT: numbered cues of at most two lines of 42
    characters, each shown about as long as it takes to read, questions from the
    audience with the speaker's voice."""
    cues = item["captions"]
    starts = [_at(cue[0]) for cue in cues] + [item["minutes"] * 60]
    blocks = [
        "WEBVTT\nKind: captions\nLanguage: sv",
        f"NOTE\nDemotextning till ”{item['film']}”. Byt filmen och textningen mot den riktiga "
        "inspelningen.",
    ]
    for number, (cue, start, following) in enumerate(
        zip(cues, starts[:-1], starts[1:], strict=True), start=1
    ):
        words, voice = cue[1], (cue[2] if len(cue) > 2 else "")
        end = round(min(start + min(6.0, max(2.0, len(words) / 14)), following - 0.2), 1)
        lines = textwrap.wrap(words, 42)
        if voice:
            lines[0] = f"<v {voice}>{lines[0]}"
        blocks.append(
            f"{number}\n{_timestamp(start)} --> {_timestamp(end)} align:center\n" + "\n".join(lines)
        )
    return ("\n\n".join(blocks) + "\n").encode()


def _seed_captions(film, item) -> bool:
    """Give the film the demo captions unless someone has uploaded their own: a film
    with none, or still with the old two-line demo, gets them. True if it changed."""
    if film.captions:
        try:
            with film.captions.open("rb") as file:
                current = file.read()
        except OSError:
            return False  # a file gone from the store: not ours to guess about
        if current != _old_demo_captions(film.title):
            return False
    film.captions = ContentFile(captions_for(item), name="textning.vtt")
    return True


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
        if _seed_captions(film, item):
            film.save()
    stdout.write("Seminarier: två kommande och två tidigare med filmer.")
