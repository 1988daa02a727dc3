"""Seminar rules: alt text, captions before publishing, signup state labels."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forvaltningskultur.publishing import Status
from seminars.models import Film, Seminar
from seminars.video import embed_for

from .factories import make_film, make_seminar

pytestmark = pytest.mark.django_db


def test_film_cannot_be_published_without_captions():
    seminar = make_seminar()
    film = Film(
        seminar=seminar,
        title="Föreläsning",
        external_url="https://vimeo.com/123",
        status=Status.PUBLISHED,
    )
    with pytest.raises(ValidationError) as error:
        film.full_clean()
    assert "textning" in str(error.value)
    film.captions = SimpleUploadedFile("t.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n")
    film.full_clean()


def test_film_without_captions_never_reaches_the_public():
    seminar = make_seminar()
    make_film(seminar, captions=False, title="Otextad")
    make_film(seminar, title="Textad")
    assert [f.title for f in Film.objects.published()] == ["Textad"]


def test_captions_must_be_webvtt():
    film = Film(seminar=make_seminar(), title="F", external_url="https://vimeo.com/1")
    film.captions = SimpleUploadedFile("t.vtt", b"<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        film.full_clean()


def test_image_needs_alt_text_unless_decorative():
    seminar = make_seminar()
    seminar.image = "seminarier/2026/x.jpg"
    with pytest.raises(ValidationError) as error:
        seminar.clean()
    assert "image_alt" in error.value.message_dict
    seminar.image_decorative = True
    seminar.clean()


def test_end_before_start_is_refused():
    now = timezone.now()
    seminar = Seminar(
        title="x", slug="x", starts_at=now, ends_at=now - dt.timedelta(hours=1), venue="A"
    )
    with pytest.raises(ValidationError) as error:
        seminar.clean()
    assert "ends_at" in error.value.message_dict


def test_signup_state_labels():
    open_ = make_seminar(capacity=10)
    assert str(open_.signup_state().label) == "Platser kvar"
    assert str(make_seminar(capacity=0).signup_state().label) == "Fullbokat – väntelista"
    assert str(make_seminar(is_cancelled=True).signup_state().label) == "Inställt"
    closed = make_seminar(signup_closes_at=timezone.now() - dt.timedelta(minutes=1))
    assert str(closed.signup_state().label) == "Anmälan stängd"


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        ("https://youtu.be/aqz-KE-bpKQ", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
    ],
)
def test_external_players(url, player):
    assert embed_for(url).player_url.startswith(player)


def test_unknown_video_host_gets_a_plain_link():
    assert embed_for("https://media.example.se/film/1") is None
