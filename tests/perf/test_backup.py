"""manage.py backup / restore: an online SQLite copy plus the media files, and back."""

import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from dilemmas.models import CodeOfEthics

PDF = b"%PDF-1.4\n% en etisk kod\n%%EOF\n"


def writer(stop: threading.Event, written: list):
    """Another 'visitor' that keeps writing while the backup runs."""
    try:
        while not stop.is_set():
            CodeOfEthics.objects.create(
                agency=f"Skrivande myndighet {len(written)}",
                title="Kod",
                year=2020,
                url="https://example.org/",
            )
            written.append(1)
    finally:
        connection.close()


@pytest.mark.sqlite
@pytest.mark.backend
@pytest.mark.django_db(transaction=True)
def test_backup_while_writing_then_restore_elsewhere(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    code = CodeOfEthics.objects.create(agency="Statskontoret", title="Etisk kod", year=2024)
    code.file.save("etisk-kod.pdf", ContentFile(PDF))

    stop, written = threading.Event(), []
    thread = threading.Thread(target=writer, args=(stop, written))
    thread.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        call_command("backup", str(tmp_path / "kopior"))
        during = len(written)
        while len(written) < during + 5:
            stop.wait(0.01)
    finally:
        stop.set()
        thread.join()
    assert "Säkerhetskopian finns i" in capsys.readouterr().out
    (folder,) = (tmp_path / "kopior").iterdir()
    assert folder.name.startswith("forvaltningskultur-")

    fresh = tmp_path / "ny-maskin"
    call_command(
        "restore", str(folder), database=str(fresh / "db.sqlite3"), media_root=str(fresh / "media")
    )
    assert "Kör `manage.py migrate` när den här databasen tas i bruk." in capsys.readouterr().out

    db = sqlite3.connect(fresh / "db.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (path,) = db.execute(
        "SELECT file FROM dilemmas_codeofethics WHERE agency = 'Statskontoret'"
    ).fetchone()
    (copied,) = db.execute(
        "SELECT count(*) FROM dilemmas_codeofethics WHERE agency LIKE 'Skrivande%'"
    ).fetchone()
    db.close()
    # A consistent snapshot from while the writer was busy: some rows, not the later ones.
    assert 5 <= copied <= during < len(written)
    assert (fresh / "media" / path).read_bytes() == PDF

    # Restoring over something that exists needs --force, and keeps the old copy aside.
    with pytest.raises(CommandError, match="--force"):
        call_command(
            "restore",
            str(folder),
            database=str(fresh / "db.sqlite3"),
            media_root=str(fresh / "media"),
        )
    call_command(
        "restore",
        str(folder),
        database=str(fresh / "db.sqlite3"),
        media_root=str(fresh / "media"),
        force=True,
    )
    assert (fresh / "media" / path).read_bytes() == PDF
    assert len(list(fresh.glob("db.sqlite3.fore-aterstallning-*"))) == 1
    assert len(list(fresh.glob("media.fore-aterstallning-*"))) == 1


@pytest.fixture
def set_aside_copies(settings):
    """Restoring over the test database sets a copy of it aside: remove that afterwards."""
    database = Path(settings.DATABASES["default"]["NAME"])
    yield database
    for kept in database.parent.glob(f"{database.name}.fore-aterstallning-*"):
        kept.unlink()


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_restore_puts_back_the_sites_own_database(settings, tmp_path, set_aside_copies):
    settings.MEDIA_ROOT = tmp_path / "media"
    CodeOfEthics.objects.create(agency="Före", title="Kod", year=2020, url="https://example.org/")
    call_command("backup", str(tmp_path / "kopior"))
    CodeOfEthics.objects.all().delete()
    (folder,) = (tmp_path / "kopior").iterdir()

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(folder))
    call_command("restore", str(folder), force=True)

    assert list(CodeOfEthics.objects.values_list("agency", flat=True)) == ["Före"]
    assert len(list(set_aside_copies.parent.glob("*.fore-aterstallning-*"))) == 1


@pytest.mark.postgres
@pytest.mark.backend
@pytest.mark.django_db
def test_postgresql_gets_the_pg_dump_recipe(tmp_path, capsys):
    call_command("backup", str(tmp_path))
    out = capsys.readouterr().out
    assert "PostgreSQL" in out and "pg_dump -Fc" in out
    assert list(tmp_path.iterdir()) == []
    call_command("restore", str(tmp_path))
    assert "pg_restore" in capsys.readouterr().out


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_after_a_restore_the_lost_changes_never_come_back_from_the_page_cache(
    client, settings, tmp_path, set_aside_copies
):
    """The page cache outlives a restore (Redis does, and so do running workers). The
    restored database has an older content version; the next change must not land on a
    version whose cached pages show changes the restore took away."""
    from tests.columns.factories import make_column

    settings.MEDIA_ROOT = tmp_path / "media"
    make_column(title="Före säkerhetskopian")
    client.get("/kronikor/")  # cached under the version the backup will hold
    call_command("backup", str(tmp_path / "kopior"))
    (folder,) = (tmp_path / "kopior").iterdir()

    make_column(title="Efter säkerhetskopian")  # lost by the restore
    lost = client.get("/kronikor/").content.decode()
    assert "Efter säkerhetskopian" in lost  # and now cached under this version

    call_command("restore", str(folder), force=True)
    assert "X-Page-Cache" not in client.get("/kronikor/")  # the cache starts afresh
    make_column(title="Efter återställningen")
    html = client.get("/kronikor/").content.decode()
    assert "Efter återställningen" in html
    assert "Före säkerhetskopian" in html
    assert "Efter säkerhetskopian" not in html
