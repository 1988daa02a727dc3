"""Backup and restore of the SQLite database and the media files (`manage.py backup`,
`manage.py restore`). PostgreSQL is backed up with its own tools: `recipe()` says how.

The database is copied with SQLite's online backup API, which reads one consistent
snapshot while the site goes on reading and writing (WAL: the reader does not block
writers), so the site need not stop. A backup is a folder:

    forvaltningskultur-20261126-224500/
        db.sqlite3      the database, a single file (journal mode DELETE)
        media/          the uploaded files, as on disk
        backup.json     when, from where, and how many files
"""

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from . import pagecache

DB_FILE = "db.sqlite3"
MEDIA_DIR = "media"
MANIFEST = "backup.json"


def is_sqlite(alias="default") -> bool:
    return settings.DATABASES[alias]["ENGINE"] == "django.db.backends.sqlite3"


def media_on_disk() -> bool:
    return settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M%S")


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API, in one step
    (a step-wise copy would start over whenever the site writes in between)."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        with dst:
            src.backup(dst)
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise RuntimeError(f"Kopian av databasen är skadad: {check}")
    finally:
        dst.close()
        src.close()


def backup(to_dir: Path) -> Path:
    """Write a new backup folder under to_dir and return it."""
    source = Path(settings.DATABASES["default"]["NAME"])
    folder = Path(to_dir) / f"forvaltningskultur-{stamp()}"
    folder.mkdir(parents=True)
    copy_sqlite(source, folder / DB_FILE)
    # A standalone file: no -wal beside it that could be forgotten.
    single = sqlite3.connect(folder / DB_FILE)
    single.execute("PRAGMA journal_mode=DELETE").fetchone()
    single.close()
    media = Path(settings.MEDIA_ROOT)
    files = 0
    if media_on_disk() and media.is_dir():
        shutil.copytree(media, folder / MEDIA_DIR, symlinks=False)
        files = sum(1 for f in (folder / MEDIA_DIR).rglob("*") if f.is_file())
    else:
        (folder / MEDIA_DIR).mkdir()
    (folder / MANIFEST).write_text(
        json.dumps(
            {
                "created": timezone.now().isoformat(),
                "database": str(source),
                "media_root": str(media),
                "media_files": files,
                "media_in_bucket": not media_on_disk(),
            },
            indent=2,
        )
    )
    owner_only(folder)
    return folder


def owner_only(folder: Path) -> None:
    """A backup holds every registrant: readable by the service's own user alone,
    whatever the umask of whoever ran it (the copied media keep no looser mode)."""
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


class RestoreRefused(Exception):
    pass


def restore(folder: Path, *, database: Path, media: Path, force: bool) -> list[str]:
    """Put a backup's database and media in place. Returns what was done, in Swedish.

    Without force, refuses when the database file or a non-empty media folder exists.
    With force, the current database and media are first set aside beside themselves
    (`*.fore-aterstallning-<tid>`), so nothing is lost by a mistaken restore."""
    folder, database, media = Path(folder), Path(database), Path(media)
    if not (folder / DB_FILE).is_file():
        raise RestoreRefused(f"{folder} är ingen säkerhetskopia: {DB_FILE} saknas.")
    in_the_way = []
    if database.exists() and database.stat().st_size > 0:
        in_the_way.append(str(database))
    if media.is_dir() and any(media.iterdir()):
        in_the_way.append(str(media))
    if in_the_way and not force:
        raise RestoreRefused(
            "Finns redan och skrivs inte över utan --force: " + ", ".join(in_the_way)
        )
    done = []
    aside = f"fore-aterstallning-{stamp()}"
    connections.close_all()
    database.parent.mkdir(parents=True, exist_ok=True)
    if str(database) in in_the_way:
        kept = database.with_name(f"{database.name}.{aside}")
        copy_sqlite(database, kept)
        done.append(f"Den tidigare databasen finns kvar i {kept}.")
    # Through the backup API, not a file copy: correct even with -wal/-shm files beside
    # the target and with the site still connected.
    copy_sqlite(folder / DB_FILE, database)
    done.append(f"Databasen är återställd till {database}.")
    if database.resolve() == Path(settings.DATABASES["default"]["NAME"]).resolve():
        # Pages cached before the restore (in Redis, or in workers still running) must
        # not be served for the restored content: as after a release.
        pagecache.new_release()
    else:
        done.append("Kör `manage.py migrate` när den här databasen tas i bruk.")
    if (folder / MEDIA_DIR).is_dir():
        if str(media) in in_the_way:
            kept = media.with_name(f"{media.name}.{aside}")
            media.rename(kept)
            done.append(f"De tidigare mediefilerna finns kvar i {kept}.")
        shutil.copytree(folder / MEDIA_DIR, media, dirs_exist_ok=True)
        done.append(f"Mediefilerna är återställda till {media}.")
    return done


def recipe(kind: str) -> str:
    """How to back up or restore PostgreSQL: with its own tools, not with this command."""
    db = settings.DATABASES["default"]
    conn = f"-h {db.get('HOST') or 'localhost'} -p {db.get('PORT') or 5432} -U {db.get('USER') or 'postgres'}"
    name = db.get("NAME")
    day = dt.date.today().isoformat()  # noqa: DTZ011 - a file name only
    if kind == "backup":
        return (
            "Databasen är PostgreSQL: det här kommandot kopierar den inte. Använd PostgreSQL:s "
            "egna verktyg (lösenordet i PGPASSWORD eller ~/.pgpass):\n\n"
            f"    pg_dump -Fc {conn} -f forvaltningskultur-{day}.dump {name}\n"
            f"    tar -czf media-{day}.tar.gz -C {settings.MEDIA_ROOT} .\n\n"
            "pg_dump läser en konsistent ögonblicksbild medan webbplatsen är igång. Med media "
            "i en S3-bucket: slå på versionshantering eller replikering i bucketen i stället "
            "för tar."
        )
    return (
        "Databasen är PostgreSQL: det här kommandot återställer den inte. Stoppa "
        "webbplatsen och använd PostgreSQL:s egna verktyg:\n\n"
        f"    pg_restore --clean --if-exists --no-owner {conn} -d {name} "
        f"forvaltningskultur-{day}.dump\n"
        f"    tar -xzf media-{day}.tar.gz -C {settings.MEDIA_ROOT}\n\n"
        "Kör sedan `manage.py migrate`: den uppdaterar en säkerhetskopia från en äldre "
        "version och ser till att inga sidor som cachades före återställningen visas."
    )
