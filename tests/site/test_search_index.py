"""The search index holds what editors save, at once, and the cached search page follows it.

An editor saves a seminar or a dilemma through Django admin: the parent object is saved
first, then its many-to-many choices and its inlines (speakers, questions), so an index
written only when the parent is saved misses the speakers and the themes. A visitor
must find the new item straight away by what the editor typed in those parts.
"""

import datetime as dt
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from forvaltningskultur.models import Page
from forvaltningskultur.publishing import Status
from forvaltningskultur.search import search
from tests.site.test_search_relevance import result_headings
from tests.visible import VisibleText

pytestmark = [pytest.mark.django_db, pytest.mark.backend]

SPEAKER = "Tovelina Brandqvist"  # a name that is nowhere else on the site


class AdminForm(HTMLParser):
    """The fields of the admin's change form as a browser submits them, untouched:
    text and hidden inputs, ticked boxes, selected options and text areas."""

    def __init__(self, html):
        super().__init__()
        self.data, self._select, self._textarea, self._in_form = {}, None, None, False
        self.feed(html)
        self.close()

    def _add(self, name, value):
        if name in self.data:
            existing = self.data[name]
            self.data[name] = (
                [*existing, value] if isinstance(existing, list) else [existing, value]
            )
        else:
            self.data[name] = value

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = (attrs["name"], "multiple" in attrs)
            if not self._select[1]:
                self.data[attrs["name"]] = ""
        elif tag == "option" and self._select and "selected" in attrs:
            name, multiple = self._select
            if multiple:
                self._add(name, attrs.get("value", ""))
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def add_through_admin(client, path, fields):
    """Open the admin's add page, fill in `fields` and save, as an editor does."""
    page = client.get(path)
    assert page.status_code == 200
    data = AdminForm(page.content.decode()).data
    data = {name: value for name, value in data.items() if "__prefix__" not in name}
    data.update(fields)
    data["_save"] = "Spara"
    response = client.post(path, data)
    assert response.status_code == 302, VisibleText(response.content.decode()).text[:3000]


def split_datetime(moment):
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def found(query) -> list[str]:
    return [hit.url.split("#")[0] for hit in search(query)]


def shown_titles(client, query) -> list[str]:
    """The hits' headings on the search page, as a visitor reads them."""
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    return result_headings(response.content.decode())


def test_a_seminar_saved_in_admin_is_found_by_its_speaker_at_once(admin_client, client):
    start = timezone.now() + dt.timedelta(days=30)
    publish_day, publish_time = split_datetime(timezone.now() - dt.timedelta(hours=1))
    start_day, start_time = split_datetime(start)
    end_day, end_time = split_datetime(start + dt.timedelta(hours=2))
    add_through_admin(
        admin_client,
        "/admin/seminars/seminar/add/",
        {
            "title": "Ett seminarium om arbetsglädje",
            "slug": "ett-seminarium-om-arbetsgladje",
            "introduction": "Om glädje på arbetsplatsen.",
            "body": "<p>Ett samtal om trivsel.</p>",
            "starts_at_0": start_day,
            "starts_at_1": start_time,
            "ends_at_0": end_day,
            "ends_at_1": end_time,
            "venue": "Statskontoret",
            "address": "Stockholm",
            "capacity": "40",
            "status": Status.PUBLISHED,
            "publish_at_0": publish_day,
            "publish_at_1": publish_time,
            "speakers-TOTAL_FORMS": "1",
            "speakers-0-name": SPEAKER,
            "speakers-0-order": "0",
            "speakers-0-title": "utredare",
            "speakers-0-organisation": "Arbetsglädjeinstitutet",
            "speakers-0-bio": "Har skrivit om trivsel i offentlig sektor.",
        },
    )
    from seminars.models import Seminar

    seminar = Seminar.objects.get(slug="ett-seminarium-om-arbetsgladje")
    assert list(seminar.speakers.values_list("name", flat=True)) == [SPEAKER]
    assert seminar.get_absolute_url() in found(SPEAKER)
    assert seminar.get_absolute_url() in found("Brandqvist")
    assert "Ett seminarium om arbetsglädje" in shown_titles(client, SPEAKER)


def test_a_dilemma_saved_in_admin_is_found_by_its_theme_and_parent_theme(admin_client, client):
    from dilemmas.models import Dilemma, Principle, Theme

    theme = Theme.objects.get(slug="bisysslor")  # under Korruption
    assert theme.parent.name == "Korruption"
    publish_day, publish_time = split_datetime(timezone.now() - dt.timedelta(hours=1))
    fields = {
        # Neither the theme's name nor its parent's is in the text.
        "title": "Kvällsjobbet hos leverantören",
        "slug": "kvallsjobbet-hos-leverantoren",
        "introduction": "En medarbetare vill extraknäcka hos en leverantör.",
        "scenario": "<p>Lena har fått ett erbjudande om extraarbete på kvällarna. Vad gör du?</p>",
        "leader_guide": "<p>Stöd till samtalsledaren.</p>",
        "audience": "chefer",
        "minutes": "30",
        "source": "statskontoret",
        "status": Status.PUBLISHED,
        "publish_at_0": publish_day,
        "publish_at_1": publish_time,
        "principles": [str(Principle.objects.get(slug="objektivitet").pk)],
        "themes": [str(theme.pk)],
        "questions-TOTAL_FORMS": "2",
        "questions-0-text": "Vad är problematiskt?",
        "questions-0-order": "0",
        "questions-1-text": "Vad säger du till Lena?",
        "questions-1-order": "1",
    }
    add_through_admin(admin_client, "/admin/dilemmas/dilemma/add/", fields)
    dilemma = Dilemma.objects.get(slug="kvallsjobbet-hos-leverantoren")
    assert dilemma.is_published and list(dilemma.themes.all()) == [theme]
    assert found("extraknäcka") == [dilemma.get_absolute_url()]  # its text is indexed
    assert dilemma.get_absolute_url() in found("Bisysslor")
    assert dilemma.get_absolute_url() in found("Korruption")
    assert "Kvällsjobbet hos leverantören" in shown_titles(client, "Bisysslor")


@pytest.mark.redis
def test_a_cached_search_page_follows_a_rebuilt_index(client, settings):
    settings.PAGE_CACHE = True
    page = Page.objects.create(
        slot="om", title="Om oss", body="<p>Om förvaltningskultur.</p>", status=Status.PUBLISHED
    )
    query = {"q": "förvaltningskultur"}
    assert result_headings(client.get("/sok/", query).content.decode()) == ["Om oss"]
    assert client.get("/sok/", query)["X-Page-Cache"] == "hit"

    Page.objects.filter(pk=page.pk).update(title="Vår förvaltningskultur")  # no signals
    call_command("rebuild_search_index", stdout=StringIO())
    assert [hit.title for hit in search("förvaltningskultur")] == ["Vår förvaltningskultur"]

    after = client.get("/sok/", query)
    assert result_headings(after.content.decode()) == ["Vår förvaltningskultur"]


def test_a_renamed_theme_or_principle_is_found_in_cases_and_material_alike():
    """Every searchable model tagged with the taxonomy (cases, agencies' material) is
    indexed again when a theme, its parent theme or a principle is renamed."""
    from dilemmas.models import Principle, Theme
    from tests.dilemmas.factories import make_dilemma
    from tests.material.factories import make_material

    sub = Theme.objects.get(slug="bisysslor")  # under Korruption
    principle = Principle.objects.get(slug="objektivitet")
    case = make_dilemma("Kvällsjobbet")
    item = make_material("Samtalsguide om extraarbete")
    for tagged in (case, item):
        tagged.themes.set([sub])
        tagged.principles.set([principle])
    urls = {case.get_absolute_url(), item.get_absolute_url()}

    sub.name = "Uppdrag vid sidan av"
    sub.save()
    assert set(found("Uppdrag vid sidan av")) == urls
    sub.parent.name = "Otillbörlig påverkan"
    sub.parent.save()
    assert set(found("Otillbörlig påverkan")) == urls
    principle.name = "Saklighet och opartiskhet"
    principle.save()
    assert set(found("opartiskhet")) == urls
