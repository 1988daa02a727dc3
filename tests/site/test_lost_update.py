"""No silent lost updates in admin: two editors open the same item, one saves, and the
other's save from the form opened before is refused, with who changed what, and with
what they typed still in the form. Each editor is a client of their own, and each form
is sent as the browser would send it: every field of the page as it was loaded."""

import threading
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client

from dilemmas.models import Dilemma
from forvaltningskultur import roles
from forvaltningskultur.models import StartPage
from forvaltningskultur.publishing import Status
from seminars.models import Seminar, Speaker
from tests.dilemmas.factories import make_dilemma
from tests.seminars.factories import make_seminar
from tests.visible import VisibleText

pytestmark = [pytest.mark.django_db, pytest.mark.backend]
PASSWORD = "ett-langt-losenord-1"
REFUSED = "så inget sparades"


class ChangeForm(HTMLParser):
    """The fields of the page's change form and the values a browser would send: text,
    hidden and ticked inputs, textareas, selected options; no files, no buttons."""

    SKIP = {"submit", "button", "reset", "image", "file"}

    def __init__(self, html):
        super().__init__()
        self.fields, self._in_form, self._textarea, self._select = [], False, None, None
        self._options = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in self.SKIP:
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            else:
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))  # as a browser reads it
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None

    def data(self) -> dict:
        values = {}
        for name, value in self.fields:
            values.setdefault(name, []).append(value)
        return values


def editor(django_user_model, username, first_name, last_name) -> Client:
    """A logged-in member of Redaktör, with a client (a browser session) of their own."""
    user = django_user_model.objects.create_user(
        username=username,
        password=PASSWORD,
        is_staff=True,
        first_name=first_name,
        last_name=last_name,
    )
    roles.sync_group_permissions()
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anna(django_user_model):
    return editor(django_user_model, "anna", "Anna", "Andersson")


@pytest.fixture
def bo(django_user_model):
    return editor(django_user_model, "bo", "Bo", "Berg")


def open_form(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return ChangeForm(response.content.decode()).data()


def save(client, url, form, button="_save", **changes):
    data = {**form, **{name: [value] for name, value in changes.items()}, button: ["1"]}
    return client.post(url, data)


def refusal(response) -> str:
    """The refused form's message as the editor reads it, and the form as shown again."""
    assert response.status_code == 200, response.status_code
    text = VisibleText(response.content.decode()).text
    assert "Var god rätta felet nedan." in text
    return text


def dilemma_url(dilemma):
    return f"/admin/dilemmas/dilemma/{dilemma.pk}/change/"


@pytest.mark.parametrize("button", ["_save", "_continue", "_addanother"])
def test_a_save_from_a_form_opened_before_another_editors_save_is_refused(anna, bo, button):
    dilemma = make_dilemma("Gåvan från leverantören")
    url = dilemma_url(dilemma)
    annas, bos = open_form(anna, url), open_form(bo, url)
    assert save(anna, url, annas, title="Gåvan från konsulten").status_code == 302
    saved = dilemma.history.count()

    response = save(bo, url, bos, button, title="Bos egen rubrik", minutes="45")

    text = refusal(response)
    assert "Anna Andersson har ändrat ”Rubrik” sedan du öppnade sidan, så inget sparades." in text
    assert "Det du skrev finns kvar nedan." in text
    shown = ChangeForm(response.content.decode()).data()
    assert shown["title"] == ["Bos egen rubrik"] and shown["minutes"] == ["45"]
    dilemma.refresh_from_db()
    assert (dilemma.title, dilemma.minutes) == ("Gåvan från konsulten", 30)
    assert dilemma.history.count() == saved


def test_a_save_from_an_up_to_date_form_goes_through(anna, bo):
    dilemma = make_dilemma("Gåvan från leverantören")
    url = dilemma_url(dilemma)
    assert save(anna, url, open_form(anna, url), title="Gåvan från konsulten").status_code == 302
    # Bo opens the case after Anna's save: his form holds her title, and his save is his.
    response = save(bo, url, open_form(bo, url), "_continue", minutes="45")
    assert response.status_code == 302
    dilemma.refresh_from_db()
    assert (dilemma.title, dilemma.minutes) == ("Gåvan från konsulten", 45)
    # "Spara och fortsätt" shows the saved version, and a save from it goes through.
    response = save(bo, url, open_form(bo, response["Location"]), title="Bos rubrik")
    assert response.status_code == 302
    assert Dilemma.objects.get(pk=dilemma.pk).title == "Bos rubrik"


def test_the_refused_form_names_every_field_changed_and_saves_on_a_second_try(anna, bo):
    dilemma = make_dilemma("Gåvan från leverantören")
    url = dilemma_url(dilemma)
    annas, bos = open_form(anna, url), open_form(bo, url)
    save(anna, url, annas, title="Gåvan från konsulten", introduction="Ny ingress.")

    response = save(bo, url, bos, title="Bos egen rubrik")
    assert "har ändrat ”Rubrik” och ”Ingress”" in refusal(response)
    # Told, Bo saves the form he got back: now his version replaces Anna's, knowingly.
    again = ChangeForm(response.content.decode()).data()
    assert save(bo, url, again).status_code == 302
    dilemma.refresh_from_db()
    assert dilemma.title == "Bos egen rubrik"


def test_a_change_to_the_questions_alone_counts_too(anna, bo):
    dilemma = make_dilemma("Gåvan från leverantören")
    url = dilemma_url(dilemma)
    annas, bos = open_form(anna, url), open_form(bo, url)
    assert save(anna, url, annas, **{"questions-0-text": "Vad säger lagen?"}).status_code == 302

    text = refusal(save(bo, url, bos, title="Bos egen rubrik"))
    assert "Anna Andersson har ändrat ”Diskussionsfrågor” sedan du öppnade sidan" in text
    assert set(dilemma.questions.values_list("text", flat=True)) == {
        "Vad säger lagen?",
        "Hur skulle du agera?",
    }
    assert Dilemma.objects.get(pk=dilemma.pk).title == "Gåvan från leverantören"


def test_a_save_that_changed_nothing_refuses_no_one(anna, bo):
    dilemma = make_dilemma("Gåvan från leverantören")
    url = dilemma_url(dilemma)
    annas, bos = open_form(anna, url), open_form(bo, url)
    assert save(anna, url, annas).status_code == 302  # nothing of Bo's form is out of date
    assert save(bo, url, bos, title="Bos egen rubrik").status_code == 302
    assert Dilemma.objects.get(pk=dilemma.pk).title == "Bos egen rubrik"


def test_the_list_actions_still_work_and_count_as_a_change(anna, bo):
    dilemma = make_dilemma("Gåvan från leverantören", status=Status.DRAFT)
    url = dilemma_url(dilemma)
    bos = open_form(bo, url)
    changelist = "/admin/dilemmas/dilemma/"
    for action, status in (("publish_now", Status.PUBLISHED), ("unpublish", Status.DRAFT)):
        response = anna.post(
            changelist, {"action": action, "_selected_action": [dilemma.pk], "index": "0"}
        )
        assert response.status_code == 302
        dilemma.refresh_from_db()
        assert dilemma.status == status
    anna.post(changelist, {"action": "publish_now", "_selected_action": [dilemma.pk]})

    # Bo's form still says "Utkast": saved as it is, it would unpublish Anna's case.
    text = refusal(save(bo, url, bos, title="Bos egen rubrik"))
    assert "Anna Andersson har ändrat ”Status” och ”Publiceringstid”" in text
    assert Dilemma.objects.get(pk=dilemma.pk).status == Status.PUBLISHED


def test_the_history_restore_page_still_restores_and_is_checked_too(anna, bo):
    dilemma = make_dilemma("Första rubriken")
    url = dilemma_url(dilemma)
    save(anna, url, open_form(anna, url), title="Andra rubriken")
    first = dilemma.history.earliest()
    restore = f"/admin/dilemmas/dilemma/{dilemma.pk}/history/{first.history_id}/"

    bos = open_form(bo, restore)
    assert bos["title"] == ["Första rubriken"]
    save(anna, url, open_form(anna, url), minutes="45")
    text = refusal(save(bo, restore, bos))
    assert "Anna Andersson har ändrat ”Föreslagen tid (minuter)” sedan du öppnade" in text
    assert Dilemma.objects.get(pk=dilemma.pk).title == "Andra rubriken"

    assert save(bo, restore, open_form(bo, restore)).status_code == 302
    dilemma.refresh_from_db()
    assert dilemma.title == "Första rubriken"


def test_a_seminar_with_a_speaker_changed_inline(anna, bo):
    seminar = make_seminar(title="Tillit i styrningen")
    Speaker.objects.create(seminar=seminar, name="Kim Talare", order=0)
    url = f"/admin/seminars/seminar/{seminar.pk}/change/"
    annas, bos = open_form(anna, url), open_form(bo, url)
    assert save(anna, url, annas, **{"speakers-0-name": "Kim Andersson"}).status_code == 302

    response = save(bo, url, bos, title="Bos seminarium")
    text = refusal(response)
    assert "Anna Andersson har ändrat ”Talare” sedan du öppnade sidan" in text
    assert ChangeForm(response.content.decode()).data()["title"] == ["Bos seminarium"]
    assert Seminar.objects.get(pk=seminar.pk).title == "Tillit i styrningen"
    assert seminar.speakers.get().name == "Kim Andersson"

    assert save(bo, url, open_form(bo, url), title="Bos seminarium").status_code == 302
    assert Seminar.objects.get(pk=seminar.pk).title == "Bos seminarium"
    assert seminar.speakers.get().name == "Kim Andersson"


def make_start_page():
    return StartPage.objects.create(
        heading="Välkommen",
        introduction="<p>Om oss.</p>",
        seminars_heading="Seminarier",
        seminars_text="<p>S.</p>",
        courses_heading="Kurser",
        courses_text="<p>K.</p>",
        material_heading="Stödmaterial",
        material_text="<p>M.</p>",
    )


def test_the_start_page(anna, bo):
    start = make_start_page()
    url = f"/admin/forvaltningskultur/startpage/{start.pk}/change/"
    annas, bos = open_form(anna, url), open_form(bo, url)
    assert save(anna, url, annas, heading="Välkommen till förvaltningskultur").status_code == 302

    response = save(bo, url, bos, heading="Hej", courses_heading="Utbildningar")
    text = refusal(response)
    assert "Anna Andersson har ändrat ”Rubrik” sedan du öppnade sidan" in text
    shown = ChangeForm(response.content.decode()).data()
    assert shown["heading"] == ["Hej"] and shown["courses_heading"] == ["Utbildningar"]
    start.refresh_from_db()
    assert (start.heading, start.courses_heading) == ("Välkommen till förvaltningskultur", "Kurser")

    assert save(bo, url, open_form(bo, url), courses_heading="Utbildningar").status_code == 302
    start.refresh_from_db()
    assert (start.heading, start.courses_heading) == (
        "Välkommen till förvaltningskultur",
        "Utbildningar",
    )


def test_someone_unknown_is_someone_else(bo):
    dilemma = make_dilemma("Gåvan från leverantören")
    url = dilemma_url(dilemma)
    bos = open_form(bo, url)
    dilemma.title = "Ändrad utanför admin"
    dilemma.save()  # no request, no user in the history

    text = refusal(save(bo, url, bos, minutes="45"))
    assert "Någon annan har ändrat ”Rubrik” sedan du öppnade sidan" in text


@pytest.mark.parametrize("kind", ["theme", "principle", "author", "occasion"])
def test_the_admins_that_are_not_publishable_refuse_too(anna, bo, kind):
    from dilemmas.models import Principle, Theme
    from tests.columns.factories import make_author
    from tests.courses.factories import make_occasion

    item, url, field, label, typed = {
        "theme": lambda: (Theme.objects.create(name="Gåvor", slug="gavor"),
                          "/admin/dilemmas/theme/{}/change/", "name", "Namn", "Gåvor och mutor"),
        "principle": lambda: (Principle.objects.order_by("pk").first(),
                              "/admin/dilemmas/principle/{}/change/", "description",
                              "Beskrivning", "En annan beskrivning."),
        "author": lambda: (make_author(name="Eva Ek"), "/admin/columns/author/{}/change/",
                           "name", "Namn", "Eva Ekström"),
        "occasion": lambda: (make_occasion(), "/admin/courses/courseoccasion/{}/change/",
                             "venue", "Plats", "Stora salen"),
    }[kind]()  # fmt: skip
    url = url.format(item.pk)
    annas, bos = open_form(anna, url), open_form(bo, url)
    assert save(anna, url, annas, **{field: typed}).status_code == 302

    text = refusal(save(bo, url, bos, **{field: "Bos version"}))
    assert f"har ändrat ”{label}” sedan du öppnade sidan, så inget sparades." in text
    item.refresh_from_db()
    assert getattr(item, field) == typed


@pytest.mark.django_db(transaction=True)
def test_a_save_while_another_is_being_saved_waits_for_it_and_is_refused(django_user_model):
    """The check reads the row locked: a save that starts while another holds the row
    waits for it to commit, then sees it (and without the lock would overwrite it)."""
    bo = editor(django_user_model, "bo", "Bo", "Berg")
    dilemma = make_dilemma("Gåvan från leverantören")
    url = dilemma_url(dilemma)
    bos = open_form(bo, url)
    locked, done = threading.Event(), threading.Event()

    def other_save():
        try:
            with transaction.atomic():
                other = Dilemma.objects.select_for_update().get(pk=dilemma.pk)
                other.title = "Gåvan från konsulten"
                other.save()
                locked.set()
                done.wait(timeout=0.5)  # Bo's save is on its way meanwhile
        finally:
            connection.close()

    thread = threading.Thread(target=other_save)
    thread.start()
    assert locked.wait(timeout=10)
    response = save(bo, url, bos, title="Bos egen rubrik")
    done.set()
    thread.join()

    assert "Någon annan har ändrat ”Rubrik” sedan du öppnade sidan" in refusal(response)
    assert Dilemma.objects.get(pk=dilemma.pk).title == "Gåvan från konsulten"


# --- In a browser ---------------------------------------------------------------------


def browser_session(browser, live_server, client, width):
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    host = live_server.url.split("//")[1].split(":")[0]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/",
          "secure": True, "httpOnly": True}]
    )  # fmt: skip
    return context


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_refusal_as_an_editor_sees_it(
    browser, live_server, assert_accessible, django_user_model, tmp_path
):
    # The start page's form: a dilemma's has axe findings of Django's own widgets
    # (the split date and time, the tabular inlines), which this check does not add.
    anna = editor(django_user_model, "anna", "Anna", "Andersson")
    bo = editor(django_user_model, "bo", "Bo", "Berg")
    start = make_start_page()
    url = f"/admin/forvaltningskultur/startpage/{start.pk}/change/"
    annas_context = browser_session(browser, live_server, anna, 1280)
    bos_context = browser_session(browser, live_server, bo, 1280)
    annas_page, bos_page = annas_context.new_page(), bos_context.new_page()
    annas_page.goto(url)
    bos_page.goto(url)

    annas_page.get_by_role("textbox", name="Rubrik:", exact=True).fill("Välkommen hit")
    annas_page.get_by_role("button", name="Publicera", exact=True).click()
    annas_page.get_by_text("Publicerat: syns nu för besökarna.").wait_for()

    bos_page.get_by_role("textbox", name="Rubrik:", exact=True).fill("Bos egen rubrik")
    bos_page.get_by_role("button", name="Publicera", exact=True).click()
    bos_page.wait_for_load_state()
    message = bos_page.get_by_text("Anna Andersson har ändrat ”Rubrik” sedan du öppnade sidan")
    assert message.is_visible()
    assert bos_page.get_by_text("Var god rätta felet nedan.").is_visible()
    assert bos_page.get_by_role("textbox", name="Rubrik:", exact=True).input_value() == (
        "Bos egen rubrik"
    )
    saved = bos_page.get_by_role("link", name="Öppna den sparade versionen i en ny flik")
    assert saved.get_attribute("target") == "_blank"
    # With the admin's own navigation closed: its list of apps repeats "Lägg till" for
    # every model, which the same-name-same-place check (AAA) counts on every admin page.
    bos_page.get_by_role("button", name="Växla navigering").click()
    assert_accessible(bos_page)
    for width in (390, 1280, 1440):
        bos_page.set_viewport_size({"width": width, "height": 900})
        bos_page.screenshot(path=str(tmp_path / f"refused-{width}.png"))
    start.refresh_from_db()
    assert start.heading == "Välkommen hit"

    # Told, Bo saves again: his version replaces Anna's.
    bos_page.get_by_role("button", name="Publicera", exact=True).click()
    bos_page.get_by_text("Publicerat: syns nu för besökarna.").wait_for()
    start.refresh_from_db()
    assert start.heading == "Bos egen rubrik"
    annas_context.close()
    bos_context.close()
