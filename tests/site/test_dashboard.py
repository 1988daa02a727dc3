"""The admin index's dashboard, per role: what each panel shows, that the chart's table
has the stored figures, and what each role must not see there."""

import datetime as dt

import lxml.html
import pytest
from django.utils import timezone

from dilemmas.models import DownloadCount
from forvaltningskultur import dates, roles
from forvaltningskultur.models import OutgoingMail, StartPage
from forvaltningskultur.publishing import Status
from forvaltningskultur.registration import services
from tests.courses.factories import make_course, make_occasion
from tests.dilemmas.factories import make_dilemma
from tests.registration.staff_helpers import role_user
from tests.seminars.factories import make_seminar

pytestmark = pytest.mark.django_db

REGISTRANT = {"name": "Pernilla Persondatasson", "email": "pernilla@example.se",
              "organisation": "Markormyndigheten"}  # fmt: skip


def squash(value: str) -> str:
    return " ".join(value.split())


def text(element) -> str:
    return squash(element.text_content())


def panels(client) -> dict[str, lxml.html.HtmlElement]:
    """The dashboard's panels by their heading (a region named by its h2)."""
    response = client.get("/admin/")
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content.decode())
    found = {}
    for section in doc.xpath("//section[@aria-labelledby]"):
        heading = doc.get_element_by_id(section.get("aria-labelledby"))
        found[text(heading)] = section
    return found


def links(panel) -> dict[str, str]:
    return {text(a): a.get("href") for a in panel.xpath(".//a")}


@pytest.fixture
def content():
    """A draft, a scheduled case, a course past its review date, a coming seminar with
    three seats taken of three and two on the waiting list, a failed mail and downloads."""
    now = timezone.now()
    draft = make_dilemma("Utkastet om jäv", status=Status.DRAFT)
    soon = make_dilemma("Det schemalagda fallet")
    soon.publish_at = now + dt.timedelta(days=3)
    soon.save()
    course = make_course(title="Kursen som ska granskas")
    course.review_by = timezone.localdate() - dt.timedelta(days=5)
    course.save()
    seminar = make_seminar(title="Seminariet om tillit", capacity=3, signup_opens_at=None)
    for i in range(5):
        services.register(seminar, {**REGISTRANT, "email": f"p{i}@example.se"}, send_mail=False)
    draft_seminar = make_seminar(title="Hemligt seminarieutkast", published=False)
    occasion = make_occasion(course=make_course(title="Grundkursen"), capacity=20)
    OutgoingMail.objects.create(recipient="pernilla@example.se", subject="Din anmälan", status="failed", attempts=5)  # fmt: skip
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    DownloadCount.objects.create(month=this_month, kind="dilemma", dilemma=soon, count=7)
    DownloadCount.objects.create(month=this_month, kind="paket", pack="a,b", count=2)
    DownloadCount.objects.create(month=last_month, kind="dilemma", dilemma=draft, count=11)
    # Older than the chart's twelve months: not counted.
    DownloadCount.objects.create(month=this_month.replace(year=this_month.year - 2), kind="dilemma", dilemma=soon, count=99)  # fmt: skip
    return locals()


def test_editor_sees_drafts_scheduled_and_review_panels_linked_to_change_forms(
    client, django_user_model, content
):
    client.force_login(role_user(django_user_model, roles.EDITOR))
    shown = panels(client)
    assert "Utkast" in shown and "Schemalagt" in shown and "Dags att granska" in shown
    draft = content["draft"]
    assert (
        links(shown["Utkast"])["Utkastet om jäv"] == f"/admin/dilemmas/dilemma/{draft.pk}/change/"
    )
    scheduled = text(shown["Schemalagt"])
    assert "Det schemalagda fallet" in scheduled
    assert squash(dates.long_datetime(content["soon"].publish_at)) in scheduled
    review = text(shown["Dags att granska"])
    assert "Kursen som ska granskas" in review
    assert squash(dates.day_month_year(content["course"].review_by)) in review
    # The registrations' panels and the registrants are not the editor's.
    assert "Kommande seminarier och kurstillfällen" not in shown
    assert "Mejl som inte gick fram" not in shown
    page = client.get("/admin/").content.decode()
    assert "Persondatasson" not in page and "pernilla@example.se" not in page


def test_registrations_role_sees_seats_waiting_list_and_failed_mails_but_no_drafts(
    client, django_user_model, content
):
    client.force_login(role_user(django_user_model, roles.REGISTRATIONS))
    shown = panels(client)
    assert "Utkast" not in shown and "Schemalagt" not in shown and "Dags att granska" not in shown
    events = shown["Kommande seminarier och kurstillfällen"]
    rows = {text(row.xpath("./th")[0]): [text(td) for td in row.xpath("./td")]
            for row in events.xpath(".//tbody/tr")}  # fmt: skip
    seminar = content["seminar"]
    seminar_row = next(cells for name, cells in rows.items() if "Seminariet om tillit" in name)
    # The engine's own counts: three seats taken of three (full), two waiting.
    assert (seminar.confirmed_count, seminar.waitlist_count) == (3, 2)
    assert seminar_row == ["3 / 3 fullt", "2"]
    occasion_row = next(cells for name, cells in rows.items() if "Grundkursen" in name)
    assert occasion_row == ["0 / 20", "0"]
    mails = shown["Mejl som inte gick fram"]
    assert "Din anmälan" in text(mails)
    assert "Alla 1 misslyckade mejl" in links(mails)
    # A draft's title is the editors' business, even that of a draft seminar.
    page = client.get("/admin/").content.decode()
    assert "Utkastet om jäv" not in page and "Hemligt seminarieutkast" not in page


def test_downloads_chart_table_has_the_stored_figures_for_both_roles(
    client, django_user_model, content
):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    for role in (roles.EDITOR, roles.REGISTRATIONS):
        client.force_login(role_user(django_user_model, role, username=f"u-{role}"))
        panel = panels(client)["Nedladdade dilemman per månad"]
        table = panel.xpath(".//table")[0]
        assert text(table.xpath("./caption")[0]) == "Nedladdningar per månad"
        rows = {text(r.xpath("./th")[0]): [text(td) for td in r.xpath("./td")]
                for r in table.xpath(".//tbody/tr")}  # fmt: skip
        assert len(rows) == 12
        label = lambda day: f"{dates.MONTHS[day.month - 1]} {day.year}"  # noqa: E731
        assert rows[label(this_month)] == ["7", "2", "9"]
        assert rows[label(last_month)] == ["11", "0", "11"]
        assert "20 nedladdningar de senaste tolv månaderna." in text(panel)
        # The chart is drawn on the server, hidden from screen readers (the table
        # speaks), and holds one bar per month whose heights follow the figures.
        svg = panel.xpath(".//svg")[0]
        assert svg.get("aria-hidden") == "true"
        bars = [float(b.get("height")) for b in svg.xpath(".//rect[@class='bar']")]
        assert len(bars) == 12
        assert bars[-2] > bars[-1] > 0 and bars[0] == 0
        assert bars[-1] / bars[-2] == pytest.approx(9 / 11, rel=0.02)
        client.logout()


def test_start_page_link_on_the_index_for_those_who_may_change_it(client, django_user_model):
    start = StartPage.objects.first() or StartPage.objects.create(
        heading="Rubrik", introduction="<p>I.</p>", seminars_heading="S", seminars_text="<p>S</p>",
        courses_heading="K", courses_text="<p>K</p>", material_heading="M",
        material_text="<p>M</p>",
    )  # fmt: skip
    client.force_login(role_user(django_user_model, roles.EDITOR))
    doc = lxml.html.fromstring(client.get("/admin/").content.decode())
    start_links = [a.get("href") for a in doc.xpath("//a") if text(a) == "Startsidan"]
    assert f"/admin/forvaltningskultur/startpage/{start.pk}/change/" in start_links
    client.logout()
    client.force_login(role_user(django_user_model, roles.REGISTRATIONS))
    doc = lxml.html.fromstring(client.get("/admin/").content.decode())
    assert not [a for a in doc.xpath("//a[@class]") if "dashboard-start-page" in a.get("class")]


def test_sidebar_add_links_name_their_model(client, staff_user):
    client.force_login(staff_user)
    doc = lxml.html.fromstring(client.get("/admin/dilemmas/dilemma/").content.decode())
    names = [
        a.get("aria-label") for a in doc.xpath("//nav[@id='nav-sidebar']//a[@class='addlink']")
    ]
    assert "Lägg till dilemma" in names and "Lägg till seminarium" in names
    assert len(names) == len(set(names)), names
