"""Download counts: added up in the process, written within the set time and on exit."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from dilemmas import downloads
from dilemmas.downloads import tally
from dilemmas.models import DownloadCount
from tests.dilemmas.factories import make_dilemma
from tests.gunicorn import fetch, running, workers

pytestmark = pytest.mark.django_db


def counted(dilemma):
    row = DownloadCount.objects.filter(dilemma=dilemma).first()
    return row.count if row else 0


def test_downloads_wait_in_the_process_and_are_written_together(client, settings):
    settings.DOWNLOAD_COUNTS_WRITE_SECONDS = 3600
    dilemma = make_dilemma("Gåvan")
    tally.write()  # the clock for the next write starts now
    for _ in range(3):
        assert client.get(dilemma.pdf_url()).status_code == 200
    assert counted(dilemma) == 0 and tally.pending() == 3
    tally.write()
    assert counted(dilemma) == 3 and tally.pending() == 0
    client.get(dilemma.pdf_url())
    tally.write()
    assert counted(dilemma) == 4  # added to the same row


def test_with_no_delay_each_download_is_written_at_once(client, settings):
    settings.DOWNLOAD_COUNTS_WRITE_SECONDS = 0
    dilemma = make_dilemma("Gåvan")
    client.get(dilemma.pdf_url())
    assert counted(dilemma) == 1
    client.get(dilemma.pdf_url())
    assert counted(dilemma) == 2


def test_simultaneous_downloads_are_all_counted(settings):
    settings.DOWNLOAD_COUNTS_WRITE_SECONDS = 3600
    dilemma = make_dilemma("Gåvan")
    tally.write()

    def download_many():
        for _ in range(50):
            downloads.record(dilemma=dilemma)

    threads = [threading.Thread(target=download_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.write()
    assert counted(dilemma) == 400


@pytest.mark.django_db(transaction=True)
def test_a_quiet_process_still_writes_within_the_set_time(client, settings):
    # Long enough that the render itself (over a second on a busy machine) does not make
    # the download due at once.
    settings.DOWNLOAD_COUNTS_WRITE_SECONDS = 4
    dilemma = make_dilemma("Gåvan")
    tally.write()
    client.get(dilemma.pdf_url())
    assert counted(dilemma) == 0
    deadline = time.monotonic() + 15
    while counted(dilemma) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert counted(dilemma) == 1  # written by the timer, with no further download


@pytest.mark.sqlite  # its server has a SQLite database of its own
def test_gunicorn_writes_the_counts_when_it_stops(tmp_path):
    # A server of its own, not the shared one: this test stops it, and its counts wait
    # for the stop (DOWNLOAD_COUNTS_WRITE_SECONDS).
    with running(tmp_path, DOWNLOAD_COUNTS_WRITE_SECONDS="3600") as base:
        for _ in range(2):
            response = fetch(base + "/dilemman/den-tysta-kollegan/pdf/")
            assert response.status == 200 and response.read(5) == b"%PDF-"
        database = sqlite3.connect(tmp_path / "db.sqlite3")
        written = database.execute("SELECT COUNT(*) FROM dilemmas_downloadcount").fetchone()
        assert written == (0,)  # still in the worker's tally
    total = database.execute("SELECT SUM(count) FROM dilemmas_downloadcount").fetchone()
    database.close()
    assert total == (2,)


@pytest.mark.sqlite  # its server has a SQLite database of its own
def test_gunicorn_workers_load_the_pdf_engine_before_anyone_asks_for_a_pdf(shared_server):
    """The first visitor to ask a worker for a PDF does not wait for WeasyPrint to load:
    each worker has mapped Pango (WeasyPrint's text layout) before its first request.

    The shared server has two workers, and no other test asks it for a PDF."""

    def loaded(pid):
        try:
            return "libpango" in Path(f"/proc/{pid}/maps").read_text()
        except OSError:  # the worker has just ended
            return False

    base, tmp = shared_server.url, shared_server.tmp
    # One worker has answered /healthz; the other may still be starting. No one has
    # asked for a PDF, so without the warm-up Pango would never be loaded.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = workers(tmp)
        if len(pids) == 2 and all(loaded(pid) for pid in pids):
            break
        time.sleep(0.2)
    assert len(pids) == 2 and all(loaded(pid) for pid in pids), pids
    assert fetch(base + "/dilemman/den-tysta-kollegan/pdf/").read(5) == b"%PDF-"
    assert "Kunde inte förbereda PDF-motorn" not in (tmp / "gunicorn.log").read_text()


def test_a_pdf_from_the_page_cache_is_still_a_counted_download(client, settings):
    settings.DOWNLOAD_COUNTS_WRITE_SECONDS = 3600
    dilemma = make_dilemma("Gåvan")
    first = client.get(dilemma.pdf_url())
    second = client.get(dilemma.pdf_url())
    assert "X-Page-Cache" not in first and second["X-Page-Cache"] == "hit"
    assert second.content == first.content and second.content.startswith(b"%PDF-")
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"] == "application/pdf" and "Content-Encoding" not in second
    assert second["ETag"] == first["ETag"]
    # Asking whether it changed is not a download, by ETag or by date.
    assert client.get(dilemma.pdf_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(dilemma.pdf_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert since["Cache-Control"] == first["Cache-Control"]
    assert since["Last-Modified"] == first["Last-Modified"]
    assert client.head(dilemma.pdf_url()).status_code == 200  # nor is a HEAD
    tally.write()
    assert counted(dilemma) == 2


def test_a_pack_from_the_page_cache_is_counted_as_that_pack(client, settings):
    settings.DOWNLOAD_COUNTS_WRITE_SECONDS = 3600
    one, two = make_dilemma("Ett"), make_dilemma("Två")
    url = f"/dilemman/paket/?d={two.slug}&d={one.slug}"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    tally.write()
    row = DownloadCount.objects.get(kind="paket")
    assert (row.pack, row.count) == (",".join(sorted([one.slug, two.slug])), 2)


def test_a_case_deleted_before_the_write_does_not_stop_the_others(settings):
    settings.DOWNLOAD_COUNTS_WRITE_SECONDS = 3600
    kept, deleted = make_dilemma("Kvar"), make_dilemma("Borttagen")
    tally.write()
    downloads.record(dilemma=kept)
    downloads.record(dilemma=deleted)
    deleted.delete()
    tally.write()
    assert counted(kept) == 1 and tally.pending() == 0
    assert DownloadCount.objects.count() == 1
