"""Uploaded files on one machine answer a byte range (206), as a proxy or an object store
would: a browser asks for one to start a film part-way, from a search hit "i filmen,
12.34" or a time in the transcript."""

import pytest

pytestmark = pytest.mark.django_db

DATA = bytes(range(256)) * 4  # 1024 bytes


@pytest.fixture
def film_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "filmer").mkdir()
    (tmp_path / "filmer" / "film.mp4").write_bytes(DATA)
    (tmp_path / "dokument.pdf").write_bytes(b"%PDF-1.7 " + DATA)
    return "/media/filmer/film.mp4"


def fetch(client, path, wanted=None):
    response = client.get(path, **({"HTTP_RANGE": wanted} if wanted else {}))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_a_whole_file_says_ranges_are_welcome(client, film_file):
    response, body = fetch(client, film_file)
    assert (response.status_code, body) == (200, DATA)
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"


@pytest.mark.parametrize(
    ("wanted", "start", "end"),
    [("bytes=0-", 0, 1023), ("bytes=0-99", 0, 99), ("bytes=1000-", 1000, 1023),
     ("bytes=-24", 1000, 1023), ("bytes=1000-5000", 1000, 1023)],
)  # fmt: skip
def test_a_byte_range_is_answered_with_just_those_bytes(client, film_file, wanted, start, end):
    response, body = fetch(client, film_file, wanted)
    assert response.status_code == 206
    assert body == DATA[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/1024"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Content-Type"] == "video/mp4"


def test_a_range_past_the_end_is_refused_and_several_get_the_whole(client, film_file):
    response, _body = fetch(client, film_file, "bytes=2000-")
    assert (response.status_code, response["Content-Range"]) == (416, "bytes */1024")
    response, body = fetch(client, film_file, "bytes=0-1,5-6")
    assert (response.status_code, body) == (200, DATA)


def test_a_document_still_downloads_when_asked_for_in_parts(client, film_file):
    response, body = fetch(client, "/media/dokument.pdf", "bytes=0-8")
    assert (response.status_code, body) == (206, b"%PDF-1.7 ")
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
