"""Publishing as editors expect it: the buttons on a change form set the status and time
(the raw fields no longer do), the status line says when, a refusal is listed at the top
with links to the fields, only those who may change an item may publish it, the start
page keeps a draft the public does not see, and a film follows its seminar."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from dilemmas.models import Dilemma
from forvaltningskultur import roles
from forvaltningskultur.dates import long_datetime
from forvaltningskultur.models import StartPage
from forvaltningskultur.publishing import Status, status_line
from seminars.models import Film
from tests.dilemmas.factories import make_dilemma
from tests.seminars.factories import make_film, make_seminar
from tests.site.test_lost_update import PASSWORD, editor, make_start_page, open_form, save
from tests.visible import VisibleText

pytestmark = [pytest.mark.django_db, pytest.mark.backend]
NBSP = "\u00a0"


def text(response) -> str:
    return VisibleText(response.content.decode()).text.replace(NBSP, " ")


@pytest.fixture
def redaktor(django_user_model):
    return editor(django_user_model, "redaktor", "Rut", "Redaktör")


@pytest.fixture
def anmalan(django_user_model):
    """The registrations role: may view content in admin, not change it."""
    user = django_user_model.objects.create_user(
        username="anmalan", password=PASSWORD, is_staff=True
    )
    roles.sync_group_permissions()
    user.groups.add(Group.objects.get(name=roles.REGISTRATIONS))
    client = Client()
    client.force_login(user)
    return client


def change_url(obj):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def test_the_status_line_says_when_in_the_sites_date_format():
    may_3 = dt.datetime(2017, 5, 3, 11, 0, tzinfo=dt.UTC)  # 13.00 in Stockholm
    published = status_line(Status.PUBLISHED, may_3).replace(NBSP, " ")
    assert published == "Publicerad onsdagen den 3 maj 2017 kl. 13.00"
    future = timezone.now() + dt.timedelta(days=3)
    assert (
        status_line(Status.PUBLISHED, future) == f"Schemalagd: publiceras {long_datetime(future)}"
    )
    assert status_line(Status.DRAFT, may_3) == "Utkast"


def test_publish_publishes_a_draft_and_the_form_says_so(redaktor):
    dilemma = make_dilemma("Gåvan", status=Status.DRAFT)
    url = change_url(dilemma)
    response = save(redaktor, url, open_form(redaktor, url), button="_publish")
    assert response.status_code == 302 and response.url == url  # back to the form
    dilemma.refresh_from_db()
    assert dilemma.is_published
    assert timezone.now() - dilemma.publish_at < dt.timedelta(minutes=1)
    response = redaktor.get(url)
    page, html = text(response), response.content.decode()
    assert "Publicerat: syns nu för besökarna." in page
    assert f"Läge: Publicerad {long_datetime(dilemma.publish_at)}".replace(NBSP, " ") in page
    assert 'value="Avpublicera"' in html and 'value="Spara ändringarna"' in html
    assert 'name="_publish"' not in html and 'name="_schedule"' not in html


def test_schedule_sets_the_time_and_the_list_and_form_show_it(redaktor):
    dilemma = make_dilemma("Gåvan", status=Status.DRAFT)
    url = change_url(dilemma)
    form = open_form(redaktor, url)
    response = save(redaktor, url, form, button="_schedule", _schedule_at="2031-05-07T13:00")
    assert response.status_code == 302
    dilemma.refresh_from_db()
    assert dilemma.status == Status.PUBLISHED and not dilemma.is_published
    assert timezone.localtime(dilemma.publish_at).strftime("%Y-%m-%d %H:%M") == ("2031-05-07 13:00")
    expected = "Schemalagd: publiceras onsdagen den 7 maj 2031 kl. 13.00"
    assert f"Läge: {expected}" in text(redaktor.get(url))
    assert expected in text(redaktor.get("/admin/dilemmas/dilemma/"))
    assert not Dilemma.objects.published().filter(pk=dilemma.pk).exists()


def test_a_time_in_the_past_or_none_is_refused_with_a_link_to_the_field(redaktor):
    dilemma = make_dilemma("Gåvan", status=Status.DRAFT)
    url = change_url(dilemma)
    form = open_form(redaktor, url)
    for value in ("2001-05-07T13:00", ""):
        response = save(redaktor, url, form, button="_schedule", _schedule_at=value)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'href="#id_schedule_at"' in html
        assert "Formuläret har 1 fel" in text(response)
    dilemma.refresh_from_db()
    assert dilemma.status == Status.DRAFT


def test_unpublish_makes_it_a_draft_and_save_changes_keeps_it_published(redaktor):
    dilemma = make_dilemma("Gåvan")
    published_at = dilemma.publish_at
    url = change_url(dilemma)
    save(redaktor, url, open_form(redaktor, url), button="_save_changes", title="Gåvan 2")
    dilemma.refresh_from_db()
    assert dilemma.title == "Gåvan 2" and dilemma.is_published
    # The first publishing time stays (to the second: the form carries no more).
    assert dilemma.publish_at == published_at.replace(microsecond=0)
    save(redaktor, url, open_form(redaktor, url), button="_unpublish")
    dilemma.refresh_from_db()
    assert dilemma.status == Status.DRAFT
    assert "Läge: Utkast" in text(redaktor.get(url))


def test_the_buttons_not_the_posted_status_decide(redaktor):
    dilemma = make_dilemma("Gåvan", status=Status.DRAFT)
    url = change_url(dilemma)
    form = open_form(redaktor, url)
    assert form["status"] == ["draft"]  # hidden in the form, not a choice to make
    save(redaktor, url, form, button="_save_draft", status="published")
    dilemma.refresh_from_db()
    assert dilemma.status == Status.DRAFT


def test_publishing_refused_lists_the_reasons_with_links_to_the_fields(redaktor):
    dilemma = make_dilemma("Gåvan", status=Status.DRAFT, themes=(), principles=())
    dilemma.questions.all().delete()
    url = change_url(dilemma)
    response = save(redaktor, url, open_form(redaktor, url), button="_publish")
    assert response.status_code == 200
    html = response.content.decode()
    summary = html.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    # Check boxes: the link goes to the first box.
    assert 'href="#id_themes_0"' in summary
    assert 'href="#id_principles_0"' in summary
    assert 'href="#questions-group"' in summary
    assert "Läge: Utkast" in text(response)
    dilemma.refresh_from_db()
    assert dilemma.status == Status.DRAFT


def test_without_change_permission_no_one_publishes_by_post(anmalan):
    dilemma = make_dilemma("Gåvan", status=Status.DRAFT)
    url = change_url(dilemma)
    assert anmalan.get(url).status_code == 200  # may view it
    html = anmalan.get(url).content.decode()
    assert 'name="_publish"' not in html and 'name="_save_draft"' not in html
    for button in ("_publish", "_schedule", "_unpublish", "_save_draft"):
        data = {"title": "Kapad", button: "1", "_schedule_at": "2031-05-07T13:00"}
        assert anmalan.post(url, data).status_code == 403
    dilemma.refresh_from_db()
    assert dilemma.status == Status.DRAFT and dilemma.title == "Gåvan"
    start = make_start_page()
    assert anmalan.post(change_url(start), {"heading": "Kapad", "_publish": "1"}).status_code == 403


def test_an_edit_of_the_start_page_is_a_draft_until_published(redaktor, client):
    start = make_start_page()
    url = change_url(start)
    response = save(redaktor, url, open_form(redaktor, url), button="_save_draft", heading="Ny")
    assert response.status_code == 302
    start.refresh_from_db()
    assert start.heading == "Välkommen" and start.has_draft
    assert (
        "Välkommen" in text(client.get("/"))
        and "Ny" not in VisibleText(client.get("/").content.decode()).headings
    )
    assert "Ny" not in VisibleText(client.get("/?utkast=1").content.decode()).headings

    form = open_form(redaktor, url)
    assert form["heading"] == ["Ny"]  # the form edits the draft
    assert "Ett opublicerat utkast sparades" in text(redaktor.get(url))

    preview = redaktor.get("/?utkast=1")
    assert VisibleText(preview.content.decode()).headings == ["Ny"]
    assert "Förhandsgranskning – Utkast" in text(preview)
    assert f'href="{url}"' in preview.content.decode()
    assert preview["Cache-Control"] == "private, no-store"
    # Without asking for the draft, staff see what the public sees.
    assert VisibleText(redaktor.get("/").content.decode()).headings == ["Välkommen"]

    save(redaktor, url, form, button="_publish")
    start.refresh_from_db()
    assert start.heading == "Ny" and not start.has_draft
    assert VisibleText(client.get("/").content.decode()).headings == ["Ny"]


def test_a_start_page_first_saved_as_a_draft_is_not_public(redaktor, client):
    data = {
        "heading": "Helt ny",
        "introduction": "<p>I.</p>",
        "seminars_heading": "S",
        "seminars_text": "<p>S.</p>",
        "courses_heading": "K",
        "courses_text": "<p>K.</p>",
        "material_heading": "M",
        "material_text": "<p>M.</p>",
        "_save_draft": "1",
    }
    response = redaktor.post("/admin/forvaltningskultur/startpage/add/", data)
    assert response.status_code == 302
    assert StartPage.objects.get().published_at is None
    assert "Helt ny" not in text(client.get("/"))
    assert "Helt ny" in text(redaktor.get("/?utkast=1"))


def test_a_previewed_draft_names_its_state_links_to_edit_and_claims_no_date(redaktor, client):
    dilemma = make_dilemma("Gåvan", status=Status.DRAFT)
    response = redaktor.get(dilemma.get_absolute_url())
    page = text(response)
    assert "Förhandsgranskning – Utkast" in page
    assert f'href="{change_url(dilemma)}">Redigera</a>' in response.content.decode()
    assert "Publicerad" not in page
    assert client.get(dilemma.get_absolute_url()).status_code == 404

    dilemma.status, dilemma.publish_at = Status.PUBLISHED, timezone.now() + dt.timedelta(days=2)
    dilemma.save()
    page = text(redaktor.get(dilemma.get_absolute_url()))
    assert f"Schemalagd: publiceras {long_datetime(dilemma.publish_at)}".replace(NBSP, " ") in page
    assert "Publicerad" not in page

    dilemma.publish_at = timezone.now() - dt.timedelta(days=2)
    dilemma.save()
    page = text(redaktor.get(dilemma.get_absolute_url()))
    assert "Förhandsgranskning" not in page and "Publicerad" in page


def test_a_film_follows_its_seminar_unless_set_otherwise():
    seminar = make_seminar()
    following = make_film(seminar, status=Status.DRAFT)
    own = make_film(seminar, status=Status.DRAFT, follows_seminar=False)
    uncaptioned = make_film(seminar, captions=False)
    assert following.follows_seminar  # the default
    public = set(Film.objects.published())
    seminar.refresh_from_db()
    assert seminar.is_published
    assert public == {following}
    assert following.is_published and not own.is_published and not uncaptioned.is_published
    own.status = Status.PUBLISHED
    own.save()
    assert set(Film.objects.published()) == {following, own}
    seminar.status = Status.DRAFT
    seminar.save()
    assert set(Film.objects.published()) == {own}


def test_a_split_date_and_time_in_the_summary_links_to_its_first_box(redaktor):
    seminar = make_seminar()
    url = change_url(seminar)
    after = timezone.localtime(seminar.ends_at + dt.timedelta(days=1))
    response = save(
        redaktor,
        url,
        open_form(redaktor, url),
        button="_save_changes",
        reminder_at_0=after.strftime("%Y-%m-%d"),
        reminder_at_1="09:00:00",
    )
    assert response.status_code == 200
    summary = response.content.decode().split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert 'href="#id_reminder_at_0"' in summary
