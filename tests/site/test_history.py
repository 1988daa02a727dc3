"""The revision history in admin, as an editor reads it: in Swedish, who and when, what
changed field by field (themes and questions included), and a restore that shows what
it changes and keeps the publishing state unless the editor asks otherwise."""

import pytest

from dilemmas.models import Dilemma, Theme
from forvaltningskultur import dates
from forvaltningskultur.history import display, word_diff
from forvaltningskultur.publishing import Status
from tests.dilemmas.factories import make_dilemma
from tests.site.test_lost_update import ChangeForm, editor, open_form, save
from tests.visible import VisibleText

pytestmark = [pytest.mark.django_db, pytest.mark.backend]


@pytest.fixture
def anna(django_user_model):
    return editor(django_user_model, "anna", "Anna", "Andersson")


def change_url(dilemma):
    return f"/admin/dilemmas/dilemma/{dilemma.pk}/change/"


def history_url(dilemma):
    return f"/admin/dilemmas/dilemma/{dilemma.pk}/history/"


def restore_url(dilemma, record):
    return f"{history_url(dilemma)}{record.history_id}/"


def visible(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return VisibleText(response.content.decode()).text


def when(record) -> str:
    """The record's time as the page shows it (VisibleText collapses no-break spaces)."""
    return " ".join(dates.long_datetime(record.history_date).split())


def theme(slug):
    return str(Theme.objects.get(slug=slug).pk)


def test_a_change_of_themes_and_a_question_is_in_the_history_in_swedish(anna):
    dilemma = make_dilemma("Gåvan från leverantören", themes=("jav",))
    url = change_url(dilemma)
    form = open_form(anna, url)
    assert form["questions-0-text"] == ["Vad är problematiskt?"]
    form["themes"] = [theme("mutor-och-gavor")]
    response = save(
        anna,
        url,
        form,
        **{"questions-0-text": "Vad är svårt här?", "status": Status.DRAFT},
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    text = visible(anna, history_url(dilemma))
    latest = dilemma.history.latest()
    assert f"{when(latest)} Anna Andersson" in text
    assert "Teman: tillagt ”Korruption – Mutor och gåvor”; borttaget ”Korruption – Jäv”" in text
    assert (
        "Diskussionsfrågor: Ändrad: ”Vad är problematiskt?” "
        "Fråga: Vad är problematiskt? → Vad är svårt här?" in text
    )
    assert "Status: Publicerad → Utkast" in text
    assert "Publiceringstid" not in text  # saved again to the second: not a change
    for english in ("Choose a date", "Changed by", "Change reason", "draft", "published"):
        assert english not in text


def test_rich_text_is_compared_as_text_with_the_changed_words_marked(anna):
    dilemma = make_dilemma("Gåvan", scenario="<p>Du får en <strong>gåva</strong>. Vad gör du?</p>")
    url = change_url(dilemma)
    response = save(
        anna, url, open_form(anna, url), scenario="<p>Du får en middag. Vad gör du?</p>"
    )
    assert response.status_code == 302
    html = anna.get(history_url(dilemma)).content.decode()
    assert (
        '<del><span class="visually-hidden">borttaget: </span>gåva.</del> '
        '<ins><span class="visually-hidden">tillagt: </span>middag.</ins>'
    ) in html
    assert "&lt;p&gt;" not in html and "<strong>gåva" not in html
    assert "Situationen: Du får en borttaget: gåva. tillagt: middag. Vad gör du?" in (
        VisibleText(html).text
    )


def test_values_are_shown_as_an_editor_reads_them():
    opts = Dilemma._meta
    assert display(opts.get_field("status"), "published") == "Publicerad"
    assert display(opts.get_field("audience"), "chefer") == "Chefer"
    from seminars.models import Seminar

    assert display(Seminar._meta.get_field("is_filmed"), True) == "Ja"
    assert display(Seminar._meta.get_field("is_filmed"), False) == "Nej"
    assert display(opts.get_field("source_agency"), "") == "(tomt)"
    assert word_diff("ett två tre", "ett två tre") == "ett två tre"


def test_restoring_an_old_version_of_a_published_case_keeps_it_published(anna):
    dilemma = make_dilemma("Första rubriken", status=Status.DRAFT, themes=("jav",))
    first = dilemma.history.latest()
    url = change_url(dilemma)
    form = open_form(anna, url)
    form["themes"] = [theme("jav"), theme("bisysslor")]
    response = save(
        anna,
        url,
        form,
        title="Andra rubriken",
        status=Status.PUBLISHED,
        **{"questions-1-text": "Vad säger lagen?"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    dilemma.refresh_from_db()
    assert dilemma.is_published

    page = visible(anna, restore_url(dilemma, first))
    assert f"Versionen från {when(first)}" in page
    assert "Det här ändras om du återställer versionen" in page
    assert "Rubrik: Andra rubriken → Första rubriken" in page
    assert "Teman: borttaget ”Korruption – Bisysslor”" in page
    assert "Publiceringsläget behålls: Dilemmat är nu publicerat." in page
    assert "Återställ även publiceringsläget" in page
    assert "Status:" not in page.split("Publiceringsläget behålls")[0]

    response = save(anna, restore_url(dilemma, first), open_form(anna, restore_url(dilemma, first)))
    assert response.status_code == 302, response.content.decode()[:3000]
    message = visible(anna, response["Location"])
    assert (
        f"Versionen från {when(first)} återställdes. Dilemmat är fortfarande publicerat." in message
    )
    dilemma.refresh_from_db()
    assert dilemma.title == "Första rubriken"
    assert dilemma.status == Status.PUBLISHED and dilemma.is_published
    assert list(dilemma.themes.values_list("slug", flat=True)) == ["jav"]
    assert sorted(dilemma.questions.values_list("text", flat=True)) == [
        "Hur skulle du agera?",
        "Vad är problematiskt?",
    ]
    assert "Återställde versionen från" in visible(anna, history_url(dilemma))


def test_restoring_the_publishing_state_too_when_the_editor_asks(anna):
    dilemma = make_dilemma("Första rubriken", status=Status.DRAFT)
    first = dilemma.history.latest()
    url = change_url(dilemma)
    assert save(anna, url, open_form(anna, url), status=Status.PUBLISHED).status_code == 302
    restore = restore_url(dilemma, first)
    form = open_form(anna, restore)
    assert "status" not in form  # shown, not edited: today's state unless asked
    response = save(anna, restore, form, _restore_publishing="1")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "återställdes. Dilemmat är nu ett utkast." in visible(anna, response["Location"])
    assert Dilemma.objects.get(pk=dilemma.pk).status == Status.DRAFT


def test_the_restore_form_shows_the_publishing_fields_disabled_with_todays_values(anna):
    dilemma = make_dilemma("Rubriken", status=Status.DRAFT)
    first = dilemma.history.latest()
    url = change_url(dilemma)
    assert save(anna, url, open_form(anna, url), status=Status.PUBLISHED).status_code == 302
    html = anna.get(restore_url(dilemma, first)).content.decode()
    assert ChangeForm(html).data().get("status") is None
    assert 'name="status" disabled' in html or "disabled" in html.split('name="status"')[1][:200]


def test_a_renamed_speaker_is_in_the_seminars_history(anna):
    from seminars.models import Speaker
    from tests.seminars.factories import make_seminar

    seminar = make_seminar(title="Tillit i styrningen")
    Speaker.objects.create(seminar=seminar, name="Kim Talare", order=0)
    url = f"/admin/seminars/seminar/{seminar.pk}/change/"
    response = save(anna, url, open_form(anna, url), **{"speakers-0-name": "Kim Andersson"})
    assert response.status_code == 302, response.content.decode()[:3000]
    text = visible(anna, f"/admin/seminars/seminar/{seminar.pk}/history/")
    assert "Talare: Ändrad: ”Kim Talare” Namn: Kim Talare → Kim Andersson" in text
