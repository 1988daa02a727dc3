"""The gate for the site search: what a visitor types, and the pages they should get.

The queries are written from the demo content (`manage.py seed_demo`) and from what a
civil servant or a manager would type, not from what the engine returns. Each query
names the pages that are relevant to it; the search is judged over the whole set:

- precision in the top three: |top three ∩ relevant| / min(3, |relevant|);
- recall: |all hits ∩ relevant| / |relevant|;
- a query that must find nothing scores 1 on both when there are no hits, else 0;
- a query with `-word` also names pages it must not return: one of them among the hits
  scores 0 on both.

A hit is counted as the page it leads to: its URL without the `#fragment` (a film hit
is its seminar's page), and the same page found twice counts once, where it first
appears. Codes of ethics are the exception: they are all listed on one page, so each is
its own `#kod-<pk>` there, exactly its get_absolute_url().

Dates in the demo content are relative to today, so the date queries are worked out
from the seeded events, formatted as the site formats them (forvaltningskultur/dates.py).
"""

from io import StringIO
from statistics import mean
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from forvaltningskultur import dates
from forvaltningskultur.search import search
from tests.visible import VisibleText

pytestmark = [pytest.mark.django_db, pytest.mark.backend]

GOAL = 0.9

# --- The demo content's pages, by a short name ---------------------------------------

# Seminars
GRANSEN = "seminar:var-gar-gransen"  # vänskapskorruption, jäv och bisysslor
GRATT = "seminar:nar-svart-och-vitt-blir-gratt"  # frukostseminarium om rekrytering
TILLIT = "seminar:tillit-i-forvaltningen"  # past, with a film
LOJALITET = "seminar:yttrandefrihet-och-lojalitet"  # past, with a film
# Courses
LEDA = "course:att-leda-samtal-om-rollen-som-statsanstalld"  # for managers
INTRO = "course:introduktion-till-rollen-som-statsanstalld"  # with Exempelmyndigheten
# Dilemmas
VAN = "dilemma:en-gammal-van-soker-tillstand"  # Jäv, Vänskapskorruption
MIDDAG = "dilemma:middagen-efter-upphandlingen"  # Mutor och gåvor, Upphandling
TARTA = "dilemma:tacksamhetens-tarta"  # Mutor och gåvor
KONSULT = "dilemma:konsulten-pa-kvallstid"  # Bisysslor, Jäv
KANDIDAT = "dilemma:den-sjalvklara-kandidaten"  # Rekrytering
SKAMT = "dilemma:skamtet-pa-fredagsfikat"  # Diskriminering och likabehandling, Internt bemötande
TYST = "dilemma:den-tysta-kollegan"  # Internt bemötande
INLAGG = "dilemma:inlagget-som-spreds"  # Yttrandefrihet och meddelarfrihet, Internt bemötande
# Columns and their writers
LITA = "column:kan-medborgarna-lita-pa-staten"  # Maria Larsson
JAVKRONIKA = "column:jav-ar-inte-ett-personligt-misslyckande"  # Förvaltningsforskare
REKRYTERA = "column:rekrytera-for-varderingar"  # Personalchef
TRUST = "column:trust-is-built-in-everyday-decisions"  # Förvaltningsforskare, in English
LARSSON = "author:maria-larsson"
FORSKARE = "author:exempelnamn-forvaltningsforskare"  # Exempeluniversitetet
PERSONALCHEF = "author:exempelnamn-personalchef"  # Exempelmyndigheten
# Codes of ethics, by agency
SKATTEVERKET = "code:Skatteverket"  # Uppförandekod 2022: gåvor, bisysslor och jäv
FORSAKRINGSKASSAN = "code:Försäkringskassan"  # Etisk kod 2021
MIGRATIONSVERKET = "code:Migrationsverket"  # Värdegrund i vardagen 2020: bemötande
KRIMINALVARDEN = "code:Kriminalvården"  # Etiska riktlinjer 2023
# Agencies' material (material/demo.py)
UPPHANDLARE = "material:dilemmaovning-for-upphandlare"  # Upphandling, Mutor och gåvor
FALLSAMLING = "material:fallsamling-om-jav-i-tillstandsarenden"  # Jäv, Vänskapskorruption
INTROUTB = "material:introduktionsutbildning-om-statstjanstemannarollen"  # nyanställda
# The site's own pages
OM = "page:om"  # the six principles, Krus, the council
KONTAKT = "page:kontakt"  # postal address in Stockholm
PERSONUPPGIFTER = "page:personuppgifter"
KAKOR = "page:kakor"
REDOGORELSE = "statement"  # the accessibility statement

JAV = [VAN, KONSULT, JAVKRONIKA, GRANSEN, INTRO, SKATTEVERKET, FALLSAMLING]
# the theme, its sub-themes, the word
KORRUPTION = [VAN, MIDDAG, TARTA, KONSULT, GRANSEN, UPPHANDLARE, FALLSAMLING]
GAVOR = [MIDDAG, TARTA, SKATTEVERKET, UPPHANDLARE]
BISYSSLOR = [KONSULT, GRANSEN, INTRO, SKATTEVERKET]
REKRYTERING = [KANDIDAT, GRATT, REKRYTERA]
BEMOTANDE = [SKAMT, TYST, INLAGG]  # the theme Internt bemötande

# (query, relevant pages, pages it must not return); [] means: must find nothing.
QUERIES = [
    # Inflections
    ("mutor", [MIDDAG, TARTA, UPPHANDLARE], []),
    ("muta", [MIDDAG, TARTA, UPPHANDLARE], []),
    ("upphandlingen", [MIDDAG, UPPHANDLARE], []),
    ("gåva", GAVOR, []),
    ("bisyssla", BISYSSLOR, []),
    ("rekryteringen", REKRYTERING, []),
    ("yttrandefriheten", [INLAGG, LOJALITET, INTROUTB], []),
    ("nyanställd", [INTRO, INTROUTB], []),
    # Compounds: the word inside a longer one
    ("vänskap", [GRANSEN, VAN, FALLSAMLING], []),
    ("frukost", [GRATT], []),
    ("fika", [SKAMT], []),
    # Theme and sub-theme names (a parent theme finds its sub-themes' cases)
    ("Korruption", KORRUPTION, []),
    ("Jäv", JAV, []),
    ("Mutor och gåvor", [MIDDAG, TARTA], []),
    ("Vänskapskorruption", [VAN, GRANSEN], []),
    ("Upphandling", [MIDDAG], []),
    ("Bisysslor", BISYSSLOR, []),
    ("Diskriminering", [SKAMT, KANDIDAT], []),
    ("Yttrandefrihet och meddelarfrihet", [INLAGG, LOJALITET], []),
    # Principles of the värdegrund
    ("Legalitet", [VAN, MIDDAG, KONSULT, KANDIDAT, INTRO, OM], []),
    ("Objektivitet", [VAN, MIDDAG, TARTA, KONSULT, KANDIDAT, INTRO, GRATT, OM], []),
    ("Respekt", [SKAMT, TYST, OM], []),
    ("Demokrati", [INLAGG, OM], []),
    ("Fri åsiktsbildning", [INLAGG, OM], []),
    ("effektivitet och service", [TARTA, KANDIDAT, TYST, OM], []),
    # Rules and audience of the cases
    ("Förvaltningslagen", [VAN, KONSULT, JAVKRONIKA], []),
    ("Brottsbalken", [MIDDAG, TARTA], []),
    ("Diskrimineringslagen", [KANDIDAT, SKAMT], []),
    ("arbetsmiljölagen", [TYST], []),
    ("ledningsgrupp", [TYST, INLAGG], []),
    # Speakers: names, titles, organisations, bios
    ("Exempelnamn Jurist", [GRANSEN, LOJALITET], []),
    ("chefsjurist", [GRANSEN], []),
    ("Exempelhögskolan", [TILLIT], []),
    ("kompetensbaserad", [GRATT], []),
    # Column writers: name, role, organisation
    ("Maria Larsson", [LARSSON, LITA], []),
    ("landshövding", [LARSSON, LITA], []),
    ("Exempeluniversitetet", [FORSKARE, JAVKRONIKA, TRUST, GRANSEN], []),
    ("Exempelmyndigheten", [INTRO, LOJALITET, PERSONALCHEF, REKRYTERA], []),
    # The council
    ("Exempelnamn Ordförande", [OM], []),
    ("generaldirektör", [OM], []),
    # Codes of ethics: agency and year
    ("Skatteverket", [SKATTEVERKET], []),
    ("Kriminalvården", [KRIMINALVARDEN], []),
    ("etisk kod 2021", [FORSAKRINGSKASSAN], []),
    ("Migrationsverket 2020", [MIGRATIONSVERKET], []),
    # Typos
    ("korrupion", KORRUPTION, []),
    ("jävihet", JAV, []),
    ("rekrytring", REKRYTERING, []),
    # Missing å, ä, ö
    ("jav", JAV, []),
    ("javighet", JAV, []),
    ("bemotande", [*BEMOTANDE, MIGRATIONSVERKET], []),
    ("gavor", GAVOR, []),
    ("tarta", [TARTA], []),
    # Web-search syntax: phrases, OR, -word
    ('"kränkande särbehandling"', [TYST], []),
    ('"förtjänst och skicklighet"', [KANDIDAT, GRATT], []),
    ('"sociala medier"', [INLAGG], []),
    ("konsert OR tårta", [MIDDAG, TARTA], []),
    ("trakasserier OR kränkande", [SKAMT, TYST], []),
    ("jäv -bisysslor", [VAN, JAVKRONIKA], [KONSULT, GRANSEN, INTRO, SKATTEVERKET]),
    ("muta -tårta", [MIDDAG], [TARTA]),
    # Stop words and whole questions
    ("hur gör man med gåvor", GAVOR, []),
    ("vad är jäv", JAV, []),
    ("kurs för chefer", [LEDA], []),
    # Several words
    ("internt bemötande", BEMOTANDE, []),
    ("leverantör middag", [MIDDAG], []),
    # A prefix, as typed before the word is finished
    ("rekryt", REKRYTERING, []),
    ("meddelar", [INLAGG, LOJALITET], []),
    # Seminars, the site's own pages and the accessibility statement
    ("tillit", [TILLIT], []),
    ("Krus", [OM], []),
    ("personuppgifter", [PERSONUPPGIFTER], []),
    ("kakor", [KAKOR], []),
    ("syntolkning", [REDOGORELSE], []),
    ("tillgänglighetsredogörelse", [REDOGORELSE], []),
    # Nothing on the site is about these
    ("fotbollsallsvenskan", [], []),
    ("kryptovaluta", [], []),
]

# Words spoken in the demo films (their captions, seminars/seed.py) and nowhere else on
# the site: the film's seminar is the page.
FILM_QUERIES = [
    ("Tillitsdelegationen", [TILLIT], []),
    ("repressalieförbudet", [LOJALITET], []),
]


# --- The demo content, seeded once for the module ------------------------------------


def page_of(url: str) -> str:
    """The page a hit leads to: its path (and query), without the fragment, except
    for a code of ethics, which is one entry on the shared list page."""
    parts = urlsplit(url)
    page = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.fragment.startswith("kod-"):
        return f"{page}#{parts.fragment}"
    return page


class Demo:
    """The seeded pages: short name → page, and back."""

    def __init__(self):
        from columns.models import Author, Column
        from courses.models import Course, CourseOccasion
        from dilemmas.models import CodeOfEthics, Dilemma
        from forvaltningskultur.models import AccessibilityStatement, Page
        from material.models import Material
        from seminars.models import Seminar

        objects = {
            **{f"seminar:{o.slug}": o for o in Seminar.objects.all()},
            **{f"course:{o.slug}": o for o in Course.objects.all()},
            **{f"dilemma:{o.slug}": o for o in Dilemma.objects.all()},
            **{f"column:{o.slug}": o for o in Column.objects.all()},
            **{f"author:{o.slug}": o for o in Author.objects.all()},
            **{f"code:{o.agency}": o for o in CodeOfEthics.objects.all()},
            **{f"page:{o.slot}": o for o in Page.objects.all()},
            **{f"material:{o.slug}": o for o in Material.objects.all()},
        }
        self.pages = {name: page_of(o.get_absolute_url()) for name, o in objects.items()}
        self.pages[REDOGORELSE] = "/tillganglighetsredogorelse/"
        assert AccessibilityStatement.objects.exists()
        self.names = {page: name for name, page in self.pages.items()}
        # Every event's dates as the site writes them, and where it is.
        self.events = []
        for seminar in Seminar.objects.published():
            when = dates.long_range(seminar.starts_at, seminar.ends_at)
            self.events.append((f"seminar:{seminar.slug}", when, seminar))
        for occasion in CourseOccasion.objects.public():
            when = dates.long_range(occasion.starts_at, occasion.ends_at)
            self.events.append((f"course:{occasion.course.slug}", when, occasion))

    def page(self, name: str) -> str:
        return self.pages[name]

    def name(self, page: str) -> str:
        return self.names.get(page, page)

    def held(self, words: str) -> list[str]:
        """The events whose dates, as the site writes them, hold these words."""
        return sorted(
            {
                name
                for name, when, _event in self.events
                if words in when.replace(dates.NBSP, " ").replace(dates.WORD_JOINER, "")
            }
        )

    def date_queries(self) -> list[tuple]:
        """The month, the day and the weekdays of the demo's events, as a visitor types
        them: the month and the day of the next seminar, and two weekdays."""
        from seminars.models import Seminar

        upcoming = Seminar.objects.published().filter(starts_at__gte=timezone.now())
        next_seminar = upcoming.order_by("starts_at").first()
        day, month, _year = dates.day_month_year(next_seminar.starts_at).split()  # NBSP too
        in_stockholm = sorted(
            {name for name, _when, event in self.events if "Stockholm" in event.address}
        )
        return [
            (month, self.held(month), []),
            (f"{day} {month}", self.held(f"den {day} {month} "), []),
            ("onsdag", self.held("onsdagen"), []),
            ("tisdag", self.held("tisdagen"), []),
            ("Stockholm", [*in_stockholm, KONTAKT], []),
        ]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, seeded once for this module's tests and rolled back after them
    (each test runs in a savepoint inside this transaction)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield Demo()
        transaction.set_rollback(True)


# --- Judging ---------------------------------------------------------------------------


def distinct_pages(hits) -> list[str]:
    pages = []
    for hit in hits:
        page = page_of(hit.url)
        if page not in pages:
            pages.append(page)
    return pages


def judge(demo, query, relevant_names, never_names):
    """(P@3, recall, top three, number of pages found) of one query."""
    pages = distinct_pages(search(query))
    relevant = {demo.page(name) for name in relevant_names}
    never = {demo.page(name) for name in never_names}
    top3 = pages[:3]
    if not relevant:
        score = 1.0 if not pages else 0.0
        return score, score, top3, len(pages)
    if never & set(pages):
        return 0.0, 0.0, top3, len(pages)
    precision = len(set(top3) & relevant) / min(3, len(relevant))
    recall = len(set(pages) & relevant) / len(relevant)
    return precision, recall, top3, len(pages)


def table(demo, rows) -> str:
    def names(pages):
        return ", ".join(demo.name(p) for p in pages) or "(nothing)"

    lines = [f"{'P@3':>5} {'recall':>6}  query / expected / top three of all pages found"]
    for query, relevant, never, precision, recall, top3, found in rows:
        lines.append(f"{precision:5.2f} {recall:6.2f}  {query}")
        lines.append(f"{'':14}expected: {', '.join(relevant) or '(nothing)'}")
        lines.append(f"{'':14}top three of {found}: {names(top3)}")
        if never:
            lines.append(f"{'':14}never: {', '.join(never)}")
    return "\n".join(lines)


def test_the_search_finds_what_visitors_look_for(demo, db_vendor):
    queries = [*QUERIES, *demo.date_queries(), *FILM_QUERIES]
    assert len(queries) >= 45
    for _query, relevant, never in queries:
        for name in (*relevant, *never):
            assert name in demo.pages, f"{name} is not in the demo content"
    rows = [(q, rel, nev, *judge(demo, q, rel, nev)) for q, rel, nev in queries]
    precision = mean(row[3] for row in rows)
    recall = mean(row[4] for row in rows)
    report = (
        f"{table(demo, rows)}\n\n{db_vendor}, {len(rows)} queries: "
        f"mean P@3 {precision:.3f}, mean recall {recall:.3f} (goal {GOAL} each)"
    )
    print(f"\n{report}")
    assert precision >= GOAL and recall >= GOAL, report


# --- The search page agrees with the API -----------------------------------------------


def result_headings(html: str) -> list[str]:
    """The visible text of the linked headings on a results page: the hits' titles."""
    from html.parser import HTMLParser

    class Headings(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self._open, self._linked, self._text = [], None, False, []

        def handle_starttag(self, tag, attrs):
            if tag in ("h2", "h3"):
                self._open, self._linked, self._text = tag, False, []
            elif tag == "a" and self._open:
                self._linked = True

        def handle_endtag(self, tag):
            if tag == self._open:
                if self._linked:
                    self.found.append(" ".join("".join(self._text).split()))
                self._open = None

        def handle_data(self, data):
            if self._open:
                self._text.append(data)

    parser = Headings()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.mark.parametrize("query", ["jäv", "rekrytering", "förtroende", "gåvor", "Stockholm"])
def test_the_search_page_shows_the_apis_first_hits(demo, client, query):
    expected = [hit.title for hit in search(query)][:5]
    assert expected, f"{query}: the API finds nothing, so there is nothing to compare"
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    shown = result_headings(html)[:5]
    assert shown == expected
    visible = VisibleText(html).text
    for title in expected:
        assert " ".join(title.split()) in visible
