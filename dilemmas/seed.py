"""Demo content for dilemmas, loaded by `manage.py seed_demo`: eight cases written for
this site and five example codes of ethics. Idempotent (update_or_create by slug)."""

import datetime as dt
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from forvaltningskultur.publishing import Status

from .models import CodeOfEthics, Dilemma, Principle, Question, Rule, Theme

RF = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/kungorelse-1974152-om-beslutad-ny-regeringsform_sfs-1974-152/"
FL = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/forvaltningslag-2017900_sfs-2017-900/"
LOA = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/lag-1994260-om-offentlig-anstallning_sfs-1994-260/"
BRB = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/brottsbalk-1962700_sfs-1962-700/"
DL = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/diskrimineringslag-2008567_sfs-2008-567/"
AML = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/arbetsmiljolag-19771160_sfs-1977-1160/"
TF = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/tryckfrihetsforordning-1949105_sfs-1949-105/"

CASES = [
    {
        "slug": "en-gammal-van-soker-tillstand",
        "title": "En gammal vän söker tillstånd",
        "introduction": "En handläggare får ett ärende från en person hon känner väl. Var går gränsen mellan att vara vänlig och att vara jävig?",
        "scenario": (
            "<p>Sara är handläggare på en länsstyrelse och arbetar med tillstånd för "
            "verksamheter som påverkar miljön. En måndag fördelas ett nytt ärende till henne: "
            "en ansökan om att bygga ut en gårdsbutik med servering. Sökanden är Johan, som "
            "Sara har känt sedan gymnasiet. De ses några gånger om året, senast på en "
            "gemensam väns fyrtioårsfest.</p>"
            "<p>Ärendet är enkelt, tänker Sara, och ansökan ser komplett ut. Kollegan som "
            "annars skulle kunna ta det är sjukskriven och det finns en kö av ärenden. Johan "
            "ringer samma eftermiddag och säger glatt att han är ”så glad att det blev du”. "
            "Han frågar om hon kan titta på det före semestern, eftersom han har lovat bort "
            "lokalen till ett bröllop i augusti.</p>"
            "<p>Sara vill inte krångla till det i onödan. Samtidigt märker hon att hon redan "
            "har börjat leta efter skäl att bevilja. Vad gör du?</p>"
        ),
        "questions": [
            "Vad är problematiskt i situationen?",
            "Hur skulle du agera om du var Sara? Och om du var hennes chef?",
            "Spelar det någon roll att ärendet verkar enkelt och att det är kö?",
            "Vilka värden står mot varandra här?",
        ],
        "guide": (
            "<h3>Fakta</h3><p>Förvaltningslagen säger att den som är jävig inte får delta i "
            "handläggningen. Jäv finns bland annat om det finns en särskild omständighet som "
            "gör att opartiskheten kan ifrågasättas – en nära vänskap kan vara en sådan.</p>"
            "<h3>Var går gränsen?</h3><p>Det avgörande är inte om Sara faktiskt påverkas, utan "
            "om en utomstående kan misstänka det. Den som känner till en omständighet som kan "
            "antas utgöra jäv ska genast anmäla det.</p>"
            "<h3>Perspektiv att lyfta</h3><ul><li>Förtroendet för myndigheten, inte bara "
            "rättssäkerheten i det enskilda ärendet.</li><li>Hur gör vi det lätt att anmäla "
            "jäv – även när det är kö?</li><li>Vänskapskorruption börjar ofta med vänlighet, "
            "inte med avsikt.</li></ul>"
        ),
        "rules": [
            (
                "Förvaltningslagen (2017:900)",
                "16–18 §§",
                "Jäv, skyldighet att anmäla jäv och hur ett jävsärende hanteras.",
                FL,
            ),
            ("Regeringsformen", "1 kap. 9 §", "Saklighet och opartiskhet.", RF),
        ],
        "principles": ["objektivitet", "legalitet"],
        "themes": ["vanskapskorruption", "jav"],
        "audience": "medarbetare",
        "minutes": 30,
        "source": "statskontoret",
        "related": ["middagen-efter-upphandlingen"],
        "days_ago": 40,
    },
    {
        "slug": "middagen-efter-upphandlingen",
        "title": "Middagen efter upphandlingen",
        "introduction": "En leverantör bjuder projektgruppen på middag och konsert. Är det en trevlig gest eller en muta?",
        "scenario": (
            "<p>Din enhet har just avslutat ett stort IT-projekt. Leverantören, som vann "
            "upphandlingen för två år sedan, vill fira att systemet är i drift och bjuder hela "
            "projektgruppen på middag på en välkänd restaurang. Efter middagen finns biljetter "
            "till en utsåld konsert. Inbjudan kommer från leverantörens kundansvarige, som "
            "många i gruppen har lärt känna under projektet.</p>"
            "<p>Om ett halvår ska ni upphandla en förlängning av avtalet. Två i gruppen kommer "
            "att sitta i utvärderingsgruppen. Flera medarbetare tycker att det vore snålt att "
            "tacka nej: ”Vi har jobbat hårt, och det är ju bara en middag.” En annan säger att "
            "hon tänker betala sin egen del. Du är chef och inbjudan ligger i din inkorg. "
            "Vad gör du?</p>"
        ),
        "questions": [
            "Vad är problematiskt med inbjudan?",
            "Gör det någon skillnad om var och en betalar själv?",
            "Hur skulle du svara leverantören, och hur förklarar du det för gruppen?",
            "Vilka regler har vi på vår myndighet för gåvor och representation?",
        ],
        "guide": (
            "<h3>Fakta</h3><p>Det är straffbart att för sig själv eller någon annan ta emot "
            "en otillbörlig förmån för sin tjänsteutövning. För offentligt anställda är "
            "gränsen för vad som är tillbörligt mycket lågt satt.</p>"
            "<h3>Var går gränsen?</h3><p>Bedömningen tar hänsyn till värdet, sammanhanget och "
            "om givaren har eller kan få ärenden hos myndigheten. En kommande upphandling gör "
            "förmånen mer känslig, inte mindre.</p>"
            "<h3>Perspektiv att lyfta</h3><ul><li>Hur det ser ut för andra anbudsgivare.</li>"
            "<li>Skillnaden mellan att vara tacksam och att vara skyldig någon något.</li>"
            "<li>Hur firar vi ett lyckat projekt på egen bekostnad?</li></ul>"
        ),
        "rules": [
            ("Brottsbalken (1962:700)", "10 kap. 5 a §", "Tagande av muta.", BRB),
            ("Brottsbalken (1962:700)", "10 kap. 5 b §", "Givande av muta.", BRB),
            ("Regeringsformen", "1 kap. 9 §", "Saklighet och opartiskhet.", RF),
        ],
        "principles": ["objektivitet", "legalitet"],
        "themes": ["mutor-och-gavor", "upphandling"],
        "audience": "chefer",
        "minutes": 30,
        "source": "statskontoret",
        "related": ["en-gammal-van-soker-tillstand"],
        "days_ago": 35,
    },
    {
        "slug": "tacksamhetens-tarta",
        "title": "Tacksamhetens tårta",
        "introduction": "En nöjd sökande kommer till receptionen med en tårta och ett presentkort. Vad får man ta emot?",
        "scenario": (
            "<p>Ahmed arbetar med bidrag till föreningar. En fredag kommer ordföranden i en "
            "förening som nyss har fått ett beslut om bidrag till receptionen. Hon har med sig "
            "en hemgjord tårta till ”alla som har hjälpt oss” och ett kuvert till Ahmed "
            "personligen. I kuvertet ligger ett tackkort och ett presentkort på 500 kronor "
            "till en bokhandel.</p>"
            "<p>Föreningen söker bidrag varje år. Ordföranden är rörd och säger att Ahmed är "
            "den första på en myndighet som verkligen har lyssnat. Kollegorna i fikarummet har "
            "redan börjat skära upp tårtan. Ahmed står med kuvertet i handen. Vad gör du?</p>"
        ),
        "questions": [
            "Är tårtan och presentkortet samma sak?",
            "Hur kan Ahmed tacka nej utan att såra?",
            "Vad betyder det att föreningen söker bidrag igen nästa år?",
        ],
        "guide": (
            "<h3>Fakta</h3><p>Även små gåvor kan vara otillbörliga om givaren har ärenden hos "
            "myndigheten. Pengar och presentkort är i praktiken alltid olämpliga.</p>"
            "<h3>Perspektiv att lyfta</h3><ul><li>Gemensamma, enkla förtäringar som en tårta "
            "till hela arbetsplatsen bedöms ofta annorlunda än personliga gåvor.</li>"
            "<li>Hur vi tackar nej vänligt och förklarar varför.</li><li>Vem på myndigheten "
            "man kan fråga när man är osäker.</li></ul>"
        ),
        "rules": [
            (
                "Brottsbalken (1962:700)",
                "10 kap. 5 a §",
                "Tagande av muta: även små förmåner kan vara otillbörliga.",
                BRB,
            ),
            ("Regeringsformen", "1 kap. 9 §", "Saklighet och opartiskhet.", RF),
        ],
        "principles": ["objektivitet", "effektivitet-och-service"],
        "themes": ["mutor-och-gavor"],
        "audience": "medarbetare",
        "minutes": 20,
        "source": "vardegrundsdelegationen",
        "related": ["middagen-efter-upphandlingen"],
        "days_ago": 30,
    },
    {
        "slug": "konsulten-pa-kvallstid",
        "title": "Konsulten på kvällstid",
        "introduction": "En skicklig utredare vill hjälpa kommuner med ansökningar på fritiden. Är det en bisyssla som skadar förtroendet?",
        "scenario": (
            "<p>Maria är en av myndighetens mest erfarna utredare inom statsbidrag till "
            "kommuner. Hon berättar för dig, som är hennes chef, att hon har startat en enskild "
            "firma. På kvällar och helger vill hon hjälpa mindre kommuner att skriva bättre "
            "ansökningar – ”de har inte resurser, och det gynnar ju alla att ansökningarna "
            "blir bra”.</p>"
            "<p>Hon lovar att aldrig handlägga ärenden från de kommuner hon hjälper och att "
            "inte använda något hon har lärt sig i tjänsten som inte är offentligt. Två "
            "kommuner har redan hört av sig. Maria har inte anmält bisysslan skriftligt, men "
            "menar att hon ju har berättat för dig nu. Vad gör du?</p>"
        ),
        "questions": [
            "Vad kan vara problematiskt med Marias bisyssla, även om hon håller sina löften?",
            "Hur ser det ut för en kommun som inte får hjälp av Maria?",
            "Vad behöver du som chef göra nu?",
            "Vilka värden står mot varandra?",
        ],
        "guide": (
            "<h3>Fakta</h3><p>En arbetstagare får inte ha en anställning, ett uppdrag eller "
            "en verksamhet som kan rubba förtroendet för hans eller hennes eller någon annan "
            "arbetstagares opartiskhet eller skada myndighetens anseende. Arbetsgivaren ska "
            "informera om vilka bisysslor som är otillåtna och medarbetaren ska lämna de "
            "uppgifter som behövs för en bedömning.</p>"
            "<h3>Var går gränsen?</h3><p>Det räcker att förtroendet <em>kan</em> rubbas. "
            "Bedömningen gäller hela myndighetens anseende, inte bara Marias egna ärenden.</p>"
            "<h3>Perspektiv att lyfta</h3><ul><li>Kunskap som är offentlig och kunskap som "
            "kommer av tjänsten.</li><li>Att säga nej till en bisyssla utan att misstro "
            "personen.</li></ul>"
        ),
        "rules": [
            (
                "Lagen (1994:260) om offentlig anställning",
                "7 §",
                "Förtroendeskadliga bisysslor är förbjudna.",
                LOA,
            ),
            (
                "Lagen (1994:260) om offentlig anställning",
                "7 c §",
                "Arbetstagarens skyldighet att lämna uppgifter om bisysslor.",
                LOA,
            ),
            ("Förvaltningslagen (2017:900)", "16 §", "Jäv.", FL),
        ],
        "principles": ["objektivitet", "legalitet"],
        "themes": ["bisysslor", "jav"],
        "audience": "chefer",
        "minutes": 30,
        "source": "statskontoret",
        "related": ["en-gammal-van-soker-tillstand"],
        "days_ago": 25,
    },
    {
        "slug": "den-sjalvklara-kandidaten",
        "title": "Den självklara kandidaten",
        "introduction": "Alla vet vem som ”borde” få tjänsten redan innan annonsen är ute. Hur blir rekryteringen saklig?",
        "scenario": (
            "<p>Din enhet ska anställa en ny utredare. Kalle har vikarierat på tjänsten i ett "
            "år, är omtyckt och kan verksamheten. Flera kollegor säger öppet att annonsen "
            "bara är en formalitet. När ansökningstiden har gått ut finns 46 sökande. Två av "
            "dem har på papperet tydligt starkare meriter än Kalle för det som står i "
            "kravprofilen.</p>"
            "<p>En av dina medarbetare föreslår att ni lägger till ”god kännedom om enhetens "
            "arbetssätt” som ett krav i efterhand, eftersom det ju är viktigt. Kalle frågar "
            "dig i korridoren hur det går. Du är rekryterande chef. Vad gör du?</p>"
        ),
        "questions": [
            "Vad är problematiskt i hur rekryteringen har gått till hittills?",
            "Är det fel att värdera kunskap om verksamheten?",
            "Hur kan du bemöta förslaget att ändra kravprofilen?",
            "Vad säger du till Kalle?",
        ],
        "guide": (
            "<h3>Fakta</h3><p>Vid beslut om statliga anställningar får avseende bara fästas "
            "vid sakliga grunder, såsom förtjänst och skicklighet. Skickligheten ska normalt "
            "sättas främst.</p>"
            "<h3>Var går gränsen?</h3><p>Krav ska bestämmas innan urvalet börjar, utifrån vad "
            "arbetet kräver. Att ändra kraven i efterhand för att passa en viss person strider "
            "mot kravet på saklighet.</p>"
            "<h3>Perspektiv att lyfta</h3><ul><li>Hur internt omtycke kan skapa blinda "
            "fläckar.</li><li>Rätten för alla sökande att bli bedömda på samma grund.</li>"
            "<li>Hur man är ärlig mot en medarbetare under en pågående rekrytering.</li></ul>"
        ),
        "rules": [
            (
                "Regeringsformen",
                "12 kap. 5 §",
                "Endast sakliga grunder, såsom förtjänst och skicklighet.",
                RF,
            ),
            (
                "Lagen (1994:260) om offentlig anställning",
                "4 §",
                "Skickligheten ska sättas främst.",
                LOA,
            ),
            (
                "Diskrimineringslagen (2008:567)",
                "2 kap. 1 §",
                "Förbud mot diskriminering i arbetslivet.",
                DL,
            ),
        ],
        "principles": ["objektivitet", "legalitet", "effektivitet-och-service"],
        "themes": ["rekrytering"],
        "audience": "chefer",
        "minutes": 40,
        "source": "statskontoret",
        "related": ["skamtet-pa-fredagsfikat"],
        "days_ago": 20,
    },
    {
        "slug": "skamtet-pa-fredagsfikat",
        "title": "Skämtet på fredagsfikat",
        "introduction": "Skämten om en kollegas ursprung har blivit en jargong. Ingen har klagat – är allt då i sin ordning?",
        "scenario": (
            "<p>På fredagsfikat skämtar några medarbetare ofta om Leilas namn och om att hon "
            "”säkert kan fixa billig semester hos släkten”. Leila skrattar med. En ny "
            "medarbetare, Erik, tycker att det skaver och tar upp det med dig efter mötet. Han "
            "säger att han inte vill peka ut någon, men att han själv inte skulle vilja bli "
            "omtalad så.</p>"
            "<p>När du försiktigt frågar Leila säger hon att det inte är någon fara, att hon "
            "är van och att hon inte vill bli ”den där som inte tål ett skämt”. De som "
            "skämtar är uppskattade och duktiga. Du märker att du själv har skrattat vid "
            "något tillfälle. Vad gör du?</p>"
        ),
        "questions": [
            "Vad är problematiskt, när Leila säger att det är okej?",
            "Vilket ansvar har du som chef, och vilket har kollegorna?",
            "Hur kan ni prata om jargongen utan att peka ut någon?",
            "Vilka värden står mot varandra?",
        ],
        "guide": (
            "<h3>Fakta</h3><p>Trakasserier som har samband med etnisk tillhörighet är en form "
            "av diskriminering. En arbetsgivare som får kännedom om att en arbetstagare anser "
            "sig ha blivit utsatt är skyldig att utreda och vidta åtgärder.</p>"
            "<h3>Var går gränsen?</h3><p>Det avgörande är hur beteendet uppfattas och dess "
            "effekt, inte avsikten. Att någon inte klagar betyder inte att det är välkommet.</p>"
            "<h3>Perspektiv att lyfta</h3><ul><li>Maktordningar i en grupp och varför det är "
            "svårt att säga ifrån.</li><li>Chefens egen roll i jargongen.</li><li>Erik gjorde "
            "rätt som sa till – hur tar vi emot sådana signaler?</li></ul>"
        ),
        "rules": [
            (
                "Diskrimineringslagen (2008:567)",
                "1 kap. 4 §",
                "Trakasserier är en form av diskriminering.",
                DL,
            ),
            (
                "Diskrimineringslagen (2008:567)",
                "2 kap. 3 §",
                "Arbetsgivarens skyldighet att utreda och vidta åtgärder.",
                DL,
            ),
            (
                "Regeringsformen",
                "1 kap. 2 §",
                "Alla människors lika värde, frihet och värdighet.",
                RF,
            ),
        ],
        "principles": ["respekt"],
        "themes": ["diskriminering-och-likabehandling", "internt-bemotande"],
        "audience": "medarbetare",
        "minutes": 30,
        "source": "vardegrundsdelegationen",
        "related": ["den-tysta-kollegan"],
        "days_ago": 15,
    },
    {
        "slug": "den-tysta-kollegan",
        "title": "Den tysta kollegan",
        "introduction": "En medarbetare lämnas utanför och får ta emot hårda ord på möten. När blir ett tufft klimat kränkande särbehandling?",
        "scenario": (
            "<p>I din grupp finns en medarbetare, Pia, som har blivit allt tystare. På "
            "gruppmöten avbryts hon ofta och en erfaren kollega himlar med ögonen när hon "
            "talar. Hon bjuds inte med när några går på lunch. När du gick igenom "
            "mötesanteckningarna såg du att hennes förslag sällan kommer med, och i ett mejl "
            "som skickades till hela gruppen kallades hennes underlag ”som vanligt "
            "halvfärdigt”.</p>"
            "<p>Pia har inte sagt något till dig. Den erfarna kollegan är den som håller ihop "
            "mycket av arbetet och har svårt att dölja sin irritation när saker går långsamt. "
            "Det är hög arbetsbelastning i hela gruppen. Vad gör du?</p>"
        ),
        "questions": [
            "Vad ser du i situationen, och vad vet du inte?",
            "Vad behöver du göra som chef, även om Pia inte har sagt något?",
            "Hur skulle du prata med den erfarna kollegan?",
            "Hur påverkar vårt sätt att bemöta varandra de medborgare vi är till för?",
        ],
        "guide": (
            "<h3>Fakta</h3><p>Arbetsgivaren ska se till att arbetsmiljön är tillfredsställande "
            "och motverka kränkande särbehandling. Det gäller även när ingen har anmält något.</p>"
            "<h3>Perspektiv att lyfta</h3><ul><li>Att hög arbetsbelastning förklarar men "
            "inte ursäktar.</li><li>Att tala om beteenden, inte personer.</li>"
            "<li>Vilka stöd som finns: HR, företagshälsovård, skyddsombud.</li></ul>"
        ),
        "rules": [
            (
                "Arbetsmiljölagen (1977:1160)",
                "2 kap. 1 §",
                "Arbetsmiljön ska vara tillfredsställande.",
                AML,
            ),
            (
                "Arbetsmiljölagen (1977:1160)",
                "3 kap. 2 §",
                "Arbetsgivaren ska vidta alla åtgärder som behövs.",
                AML,
            ),
            (
                "Regeringsformen",
                "1 kap. 2 §",
                "Alla människors lika värde, frihet och värdighet.",
                RF,
            ),
        ],
        "principles": ["respekt", "effektivitet-och-service"],
        "themes": ["internt-bemotande"],
        "audience": "ledningsgrupp",
        "minutes": 40,
        "source": "statskontoret",
        "related": ["skamtet-pa-fredagsfikat"],
        "days_ago": 10,
    },
    {
        "slug": "inlagget-som-spreds",
        "title": "Inlägget som spreds",
        "introduction": "En medarbetare kritiserar myndighetens beslut i sociala medier. Får man det, och vad får chefen göra?",
        "scenario": (
            "<p>En kväll skriver Nora, handläggare på din myndighet, ett inlägg i sociala "
            "medier. Hon kritiserar hårt ett nytt beslut om hur myndigheten ska prioritera "
            "ärenden och skriver att ”ledningen struntar i de mest utsatta”. Hon uppger inte "
            "var hon arbetar, men många vet det. Inlägget delas flera tusen gånger och en "
            "lokaltidning ringer pressavdelningen.</p>"
            "<p>Nästa morgon är stämningen spänd. En annan chef tycker att Nora borde få en "
            "varning, och någon i ledningsgruppen vill veta vem som har pratat med tidningen. "
            "Nora själv undrar om hon har gjort något fel. Du är hennes chef. Vad gör du?</p>"
        ),
        "questions": [
            "Vad får Nora göra som privatperson och som anställd?",
            "Vad får ledningen göra, och vad får den inte göra?",
            "Hur kan kritik inifrån vara en tillgång?",
            "Vilka värden står mot varandra?",
        ],
        "guide": (
            "<h3>Fakta</h3><p>Statsanställda har samma yttrandefrihet som andra och får "
            "kritisera sin myndighet offentligt. Meddelarfriheten skyddar den som lämnar "
            "uppgifter till media, och en myndighet får inte efterforska vem som har gjort "
            "det eller vidta åtgärder mot den som har använt sin frihet.</p>"
            "<h3>Var går gränsen?</h3><p>Gränser finns till exempel för sekretess, för "
            "illojalitet i själva arbetsuppgifterna och för uttalanden som gör att "
            "opartiskheten i tjänsten kan ifrågasättas.</p>"
            "<h3>Perspektiv att lyfta</h3><ul><li>Skillnaden mellan lojalitet mot beslut i "
            "arbetet och tystnad om dem.</li><li>Hur vi skapar utrymme för kritik inåt.</li></ul>"
        ),
        "rules": [
            ("Regeringsformen", "2 kap. 1 §", "Yttrandefrihet.", RF),
            ("Tryckfrihetsförordningen", "1 kap. 7 §", "Meddelarfrihet.", TF),
            (
                "Tryckfrihetsförordningen",
                "3 kap. 5 §",
                "Förbud mot efterforskning och repressalier.",
                TF,
            ),
            (
                "Lagen (1994:260) om offentlig anställning",
                "7 §",
                "Förtroendeskadlig verksamhet.",
                LOA,
            ),
        ],
        "principles": ["fri-asiktsbildning", "demokrati"],
        "themes": ["yttrandefrihet-och-meddelarfrihet", "internt-bemotande"],
        "audience": "ledningsgrupp",
        "minutes": 40,
        "source": "statskontoret",
        "related": [],
        "days_ago": 5,
    },
]

CODES = [
    (
        "Skatteverket",
        "Uppförandekod",
        2022,
        "https://www.skatteverket.se/",
        "Hur medarbetarna förhåller sig till gåvor, bisysslor och jäv.",
    ),
    (
        "Försäkringskassan",
        "Etisk kod",
        2021,
        "https://www.forsakringskassan.se/",
        "Värdegrunden omsatt i exempel från handläggningen.",
    ),
    (
        "Migrationsverket",
        "Värdegrund i vardagen",
        2020,
        "https://www.migrationsverket.se/",
        "Bemötande, likabehandling och rättssäkerhet i mötet med sökande.",
    ),
    (
        "Kriminalvården",
        "Etiska riktlinjer",
        2023,
        "https://www.kriminalvarden.se/",
        "Förhållningssätt i arbetet med klienter och intagna.",
    ),
    (
        "Statistiska centralbyrån",
        "Etisk kod för statistik",
        2019,
        "https://www.scb.se/",
        "Opartiskhet, integritet och förtroende i statistiken.",
    ),
]

# Demo entries: the titles and years are illustrations, the links go to the agencies' sites.
EXAMPLE_NOTE = " (Exempel i demoinnehållet: länken går till myndighetens webbplats.)"


def run(stdout):
    """Create or update this app's demo content. Safe to run repeatedly."""
    now = timezone.now()
    # The migration made these; a flushed database (browser tests) needs them again.
    import_module("dilemmas.migrations.0002_principles_and_themes").create(apps, None)
    principles = {p.slug: p for p in Principle.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    cases = {}
    for data in CASES:
        dilemma, _created = Dilemma.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "introduction": data["introduction"],
                "scenario": data["scenario"],
                "leader_guide": data["guide"],
                "audience": data["audience"],
                "minutes": data["minutes"],
                "source": data["source"],
                "status": Status.PUBLISHED,
                "publish_at": now - dt.timedelta(days=data["days_ago"]),
            },
        )
        dilemma.principles.set([principles[s] for s in data["principles"]])
        dilemma.themes.set([themes[s] for s in data["themes"]])
        dilemma.questions.all().delete()
        Question.objects.bulk_create(
            Question(dilemma=dilemma, text=text, order=i)
            for i, text in enumerate(data["questions"])
        )
        dilemma.rules.all().delete()
        Rule.objects.bulk_create(
            Rule(dilemma=dilemma, act=act, section=section, note=note, url=url, order=i)
            for i, (act, section, note, url) in enumerate(data["rules"])
        )
        cases[dilemma.slug] = dilemma
    for data in CASES:
        cases[data["slug"]].related.set([cases[s] for s in data["related"]])
    for agency, title, year, url, summary in CODES:
        CodeOfEthics.objects.update_or_create(
            agency=agency,
            title=title,
            defaults={
                "year": year,
                "url": url,
                "summary": summary + EXAMPLE_NOTE,
                "is_example": True,
                "status": Status.PUBLISHED,
                "publish_at": now - dt.timedelta(days=60),
            },
        )
    stdout.write(f"Dilemman: {len(CASES)} fall och {len(CODES)} exempel på etiska koder.")
