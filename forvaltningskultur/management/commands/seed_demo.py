"""Load the demo content, taken from the programme's original start page. Idempotent:
running it again changes nothing (except a page still holding, untouched, a text of an
earlier seed that is no longer true)."""

import datetime as dt
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from forvaltningskultur import search
from forvaltningskultur.apps import CONTENT_APPS
from forvaltningskultur.models import AccessibilityStatement, CouncilMember, Page, StartPage
from forvaltningskultur.publishing import Status
from forvaltningskultur.richtext import sanitize_html

START = {
    "heading": "En god förvaltningskultur i staten",
    "introduction": (
        "<p>Statskontoret främjar och samordnar arbetet för en god förvaltningskultur i staten. "
        "Fokus i arbetet ligger på ledarskapets betydelse och rollen som statstjänsteman. Vi "
        "bygger vidare på det arbete som Värdegrundsdelegationen, Kompetensrådet för utveckling "
        "i staten (Krus) och andra har gjort tidigare. För att stödja oss har vi Rådet för en "
        "god förvaltningskultur.</p>"
    ),
    "seminars_heading": "Vi erbjuder seminarier med inspirerande föreläsningar",
    "seminars_text": (
        "<p>Statskontoret ordnar seminarier med inspirerande föreläsningar ungefär sex gånger per "
        "år. Seminarierna syftar till att sprida kunskap och inspiration till myndigheterna. Vi "
        "vill även att de ska vara ett forum för erfarenhetsutbyte. Vi bjuder in både praktiker "
        "och forskare som föredragshållare. Våra föredragshållare filmas och filmerna ligger "
        "tillgängliga på vår webbplats. De kan användas som inspiration till samtal på "
        "myndigheterna.</p>"
    ),
    "courses_heading": "Vi erbjuder kurser och utbildningar",
    "courses_text": (
        "<p>Statskontoret samarbetar med andra myndigheter om kurser som helt eller delvis handlar "
        "om arbetet med en god förvaltningskultur och rollen som statsanställd. Vi erbjuder också "
        "egna kurser, bland annat en kurs för chefer i att leda samtal om rollen som "
        "statsanställd.</p>"
    ),
    "material_heading": "Vi utvecklar stöd som du kan använda direkt",
    "material_text": (
        "<p>Statskontoret utvecklar löpande kunskap om hur myndigheterna kan arbeta med att skapa "
        "och upprätthålla en god förvaltningskultur. Materialet bygger vidare på det arbete som "
        "Värdegrundsdelegationen och Krus har gjort. Här hittar du exempel på hur myndigheter kan "
        "arbeta för att få till stånd samtal om dilemman och svåra situationer och exempel på "
        "etiska koder.</p>"
    ),
    "dilemmas_text": (
        "<p>Här finns exempel på dilemman och svåra situationer som chefer på myndigheter kan "
        "använda som stöd för samtal på arbetsplatsen, från korruption och diskriminering till "
        "internt bemötande. Fler exempel fylls på efterhand.</p>"
    ),
    "vardegrund_text": "Värdegrundsdelegationens skrifter och annat material finns på deras webbplats",
    "vardegrund_url": "https://www.regeringen.se/sb/d/10424",
}

PAGES = {
    Page.Slot.ABOUT: {
        "title": "Om oss",
        "introduction": (
            "Statskontoret främjar och samordnar arbetet för en god förvaltningskultur i staten "
            "på uppdrag av regeringen."
        ),
        "body": (
            "<p>Programmet En god förvaltningskultur i staten riktar sig till chefer och "
            "medarbetare i statsförvaltningen. Fokus ligger på ledarskapets betydelse och "
            "rollen som statstjänsteman.</p>"
            "<h2>Den statliga värdegrunden</h2>"
            "<p>Sex principer sammanfattar vad som gäller för alla statsanställda: demokrati, "
            "legalitet, objektivitet, fri åsiktsbildning, respekt för alla människors lika "
            "värde, frihet och värdighet samt effektivitet och service.</p>"
            "<h2>Vi bygger vidare på andras arbete</h2>"
            "<p>Arbetet bygger vidare på det som Värdegrundsdelegationen och Kompetensrådet för "
            "utveckling i staten (Krus) har gjort, och vi gör material som andra myndigheter "
            "har tagit fram tillgängligt för fler.</p>"
        ),
    },
    Page.Slot.PRIVACY: {
        "title": "Personuppgifter",
        "introduction": "Så behandlar vi dina personuppgifter när du anmäler dig till ett seminarium eller en kurs.",
        "body": (
            "<h2>Personuppgiftsansvarig</h2>"
            "<p>Statskontoret är personuppgiftsansvarigt. Du når vårt dataskyddsombud på "
            '<a href="mailto:dataskyddsombud@statskontoret.se">dataskyddsombud@statskontoret.se</a>.</p>'
            "<h2>Vilka uppgifter och varför</h2>"
            "<p>När du anmäler dig sparar vi namn, e-postadress och organisation, och om du vill "
            "även roll, behov av anpassningar och specialkost. Vi använder uppgifterna för att "
            "administrera seminariet eller kursen: bekräfta din plats, skicka praktisk "
            "information och hantera väntelistan. Vi frågar aldrig efter personnummer.</p>"
            "<h2>Rättslig grund</h2>"
            "<p>Behandlingen är nödvändig för att utföra en uppgift av allmänt intresse "
            "(artikel 6.1 e i dataskyddsförordningen): Statskontorets uppdrag att främja en god "
            "förvaltningskultur i staten.</p>"
            "<p>Behov av anpassning och specialkost kan säga något om din hälsa och är då känsliga "
            "personuppgifter. Dem sparar vi bara med ditt uttryckliga samtycke (artikel 9.2 a och "
            "artikel 6.1 a): i anmälningsformuläret kryssar du själv i en ruta om att vi får spara "
            "dem. Du kan när som helst ta tillbaka samtycket på din anmälningssida (länken finns i "
            "bekräftelsemejlet), och då raderar vi uppgifterna direkt. Det påverkar inte din "
            "plats.</p>"
            "<h2>Mottagare och personuppgiftsbiträden</h2>"
            "<p>Uppgifterna hanteras av de medarbetare på Statskontoret som ordnar evenemanget. "
            "Redaktörerna som skriver på webbplatsen ser dem inte. Vid kurser som ges tillsammans "
            "med en annan myndighet får den myndigheten deltagarlistan. Vi säljer aldrig uppgifter "
            "och lämnar inte ut dem för marknadsföring. Allmänna handlingar kan dock lämnas ut "
            "enligt offentlighetsprincipen.</p>"
            "<p>Två leverantörer behandlar uppgifterna för vår räkning, som personuppgiftsbiträden "
            "med avtal enligt artikel 28: driftleverantören som har webbplatsens servrar och "
            "databas i Sverige, och leverantören av e-posttjänsten som skickar bekräftelser och "
            "andra mejl om din anmälan. Ingen av dem får använda uppgifterna för egna syften, och "
            "inga uppgifter "
            "förs över till länder utanför EU/EES.</p>"
            "<h2>Hur länge vi sparar uppgifterna</h2>"
            "<p>Uppgifter om specialkost och anpassningar raderas direkt efter evenemanget, och "
            "genast om du avbokar eller tar tillbaka ditt samtycke. Övriga uppgifter raderas 30 "
            "dagar efter evenemanget. Vi sparar bara "
            "antalet deltagare för statistik.</p>"
            "<h2>Seminarierna filmas</h2>"
            "<p>Föreläsningarna på våra seminarier filmas och publiceras på webbplatsen. Publiken "
            "filmas inte avsiktligt, men kan synas i bild vid frågestunder.</p>"
            "<h2>Dina rättigheter</h2>"
            "<p>Du har rätt att få veta vilka uppgifter vi har om dig, att få fel rättade, att få "
            "uppgifter raderade och att invända mot behandlingen. Du kan själv se och avboka din "
            "anmälan via länken i bekräftelsemejlet.</p>"
            "<h2>Klagomål</h2>"
            "<p>Om du är missnöjd med hur vi behandlar dina uppgifter kan du klaga hos "
            'Integritetsskyddsmyndigheten (IMY), <a href="https://www.imy.se">imy.se</a>.</p>'
        ),
    },
    Page.Slot.COOKIES: {
        "title": "Kakor",
        "introduction": "Du som besöker webbplatsen får inga kakor alls. Bara Statskontorets medarbetare som loggar in i administrationen får kakor, och bara de som inloggningen behöver.",
        "body": (
            "<p>Vi sätter ingen kaka när du läser, söker, laddar ner material eller anmäler "
            "dig till ett seminarium eller en kurs, och vi sparar inget annat i din webbläsare "
            "heller. Det gäller också din egen sida för anmälan, där du avbokar eller ändrar "
            "den.</p>"
            "<p>Formulären skyddas ändå mot att en annan webbplats skickar in dem i ditt namn: "
            "webbläsaren talar om varifrån ett formulär skickades, och vi tar bara emot "
            "formulär som har skickats härifrån.</p>"
            "<h2>Kakor för medarbetare som loggar in</h2>"
            "<p>Medarbetare som loggar in i administrationen får två kakor. Ingen av dem "
            "används för statistik eller marknadsföring.</p>"
            '<table><caption>Kakor i administrationen</caption><thead><tr><th scope="col">Namn'
            '</th><th scope="col">Syfte</th><th scope="col">Livslängd</th></tr></thead><tbody>'
            "<tr><td>__Host-sessionid</td><td>Håller dig inloggad. Sätts när du loggar in."
            "</td><td>Tills webbläsaren stängs, högst 8 timmar</td></tr>"
            "<tr><td>__Host-csrftoken</td><td>Skyddar administrationens formulär mot "
            "förfalskade anrop från andra webbplatser. Sätts när du öppnar inloggningssidan."
            "</td><td>1 år</td></tr>"
            "</tbody></table>"
            "<p>Kakorna är nödvändiga för inloggningen och kräver därför inget samtycke enligt "
            "lagen om elektronisk kommunikation. Du kan ta bort kakor i webbläsarens "
            "inställningar.</p>"
            "<h2>Filmer från andra tjänster</h2>"
            "<p>En del filmade föreläsningar spelas upp från YouTube eller Vimeo. Ingenting "
            "hämtas från tjänsten förrän du trycker på knappen för att spela filmen. Då "
            "gäller tjänstens egna villkor, och den kan spara uppgifter i din webbläsare.</p>"
        ),
    },
    Page.Slot.CONTACT: {
        "title": "Kontakt",
        "introduction": "Frågor om seminarier, kurser och stödmaterial om en god förvaltningskultur.",
        "body": (
            '<p>E-post: <a href="mailto:forvaltningskultur@statskontoret.se">'
            "forvaltningskultur@statskontoret.se</a></p>"
            "<p>Telefon (växel): 08-454 46 00</p>"
            "<p>Postadress: Statskontoret, Box 2280, 103 17 Stockholm</p>"
            "<p>Säkerhetsbrister på webbplatsen rapporterar du enligt "
            '<a href="/.well-known/security.txt">security.txt</a>.</p>'
        ),
    },
}

# Texts an earlier seed wrote that are no longer true. A page still holding one word for
# word (no editor has changed it) gets the text above instead when the seed runs again.
SUPERSEDED = {
    Page.Slot.COOKIES: [
        {
            "introduction": "Webbplatsen använder bara kakor som behövs för att den ska fungera. Vi använder inga kakor för statistik eller marknadsföring.",
            "body": (
                "<p>Första gången du besöker en sida sätter vi ingen kaka alls. Kakor sätts först "
                "när du fyller i ett formulär eller loggar in som redaktör.</p>"
                '<table><caption>Kakor på webbplatsen</caption><thead><tr><th scope="col">Namn'
                '</th><th scope="col">Syfte</th><th scope="col">Livslängd</th></tr></thead>'
                "<tbody><tr><td>__Host-csrftoken</td><td>Skyddar formulär, till exempel anmälan, "
                "mot förfalskade anrop. Sätts när du öppnar en sida med formulär.</td><td>1 år"
                "</td></tr><tr><td>__Host-sessionid</td><td>Håller redaktörer inloggade i "
                "administrationen. Sätts bara vid inloggning.</td><td>Tills webbläsaren stängs, "
                "högst 8 timmar</td></tr></tbody></table>"
                "<p>Kakorna är nödvändiga och kräver därför inget samtycke enligt lagen om "
                "elektronisk kommunikation. Du kan ta bort kakor i webbläsarens inställningar.</p>"
            ),
        },
    ],
}


def _still_as_seeded(page, old) -> bool:
    return page.introduction == old["introduction"] and page.body == sanitize_html(old["body"])


# Council members who write columns (Maria Larsson) are columns.Author with on_council.
COUNCIL = [
    ("Exempelnamn Ordförande", "generaldirektör, Statskontoret", True),
    ("Exempelnamn Forskare", "professor i offentlig förvaltning", False),
    ("Exempelnamn Chef", "myndighetschef", False),
]

STATEMENT = {
    "agency": "Statskontoret",
    "service": "En god förvaltningskultur i staten",
    "compliance": AccessibilityStatement.Compliance.PARTIAL,
    "compliance_text": (
        "<p>Webbplatsen är delvis förenlig på grund av de brister som beskrivs nedan.</p>"
    ),
    "known_issues": (
        "<ul><li>Äldre inspelade föreläsningar kan sakna syntolkning. Alla filmer har svensk "
        "textning; nya filmer publiceras inte utan den.</li>"
        "<li>Bifogade dokument från andra myndigheter (till exempel etiska koder) är inte "
        "alltid tillgänglighetsanpassade. Kontakta oss så tar vi fram innehållet i ett "
        "tillgängligt format.</li></ul>"
    ),
    "method": (
        "<p>Vi har testat webbplatsen själva. Varje sida i webbplatskartan och varje formulär "
        "i felläge granskas automatiskt med axe-core i en riktig webbläsare (WCAG 2.1 nivå A och "
        "AA) varje gång koden ändras. Till det kommer automatiska test av tangentbordsnavigering "
        "och av sidornas omflödning vid 320 pixlars bredd, samt en manuell genomgång med enbart "
        "tangentbord och med skärmläsare (NVDA och VoiceOver).</p>"
    ),
    "assessed_on": dt.date(2026, 11, 20),
    "feedback": (
        "<p>Om du behöver innehåll från webbplatsen som inte är tillgängligt för dig, men som "
        "omfattas av lagen, kan du meddela oss, så försöker vi ge dig innehållet i ett annat "
        "format, till exempel som vanlig text, stor text eller uppläst.</p>"
    ),
    "response_time": "fem arbetsdagar",
    "contact_email": "forvaltningskultur@statskontoret.se",
    "contact_phone": "08-454 46 00",
}


class Command(BaseCommand):
    help = "Läser in demoinnehåll från startsidan. Kan köras flera gånger."

    @transaction.atomic
    def handle(self, *args, **options):
        start = StartPage.objects.first() or StartPage()
        if not start.pk:
            for field, value in START.items():
                setattr(start, field, value)
            start.save()
        for slot, values in PAGES.items():
            page, created = Page.objects.get_or_create(
                slot=slot, defaults={**values, "status": Status.PUBLISHED}
            )
            if not created and any(_still_as_seeded(page, old) for old in SUPERSEDED.get(slot, [])):
                for field, value in values.items():
                    setattr(page, field, value)
                page.save()  # through save(): its history, search entry and cached pages follow
        for order, (name, role, chair) in enumerate(COUNCIL):
            CouncilMember.objects.get_or_create(
                name=name, defaults={"role": role, "is_chair": chair, "order": order}
            )
        if not AccessibilityStatement.objects.exists():
            AccessibilityStatement.objects.create(**STATEMENT)
        for app in CONTENT_APPS:
            import_module(f"{app}.seed").run(self.stdout)
        # Whatever transaction this runs in, the search index holds the demo content now
        # (search/index.py marks changes and indexes them when the transaction commits).
        search.flush()
        self.stdout.write(self.style.SUCCESS("Demoinnehållet är på plats."))
