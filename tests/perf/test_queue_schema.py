"""Workers that start together on PostgreSQL all come up: huey's tables are made one
worker at a time (forvaltningskultur/queue.py). Without the lock, PostgreSQL refuses
concurrent CREATE TABLE IF NOT EXISTS with a duplicate key in its catalogue, and the
worker that gets it dies while Django loads."""

import secrets
import threading

import psycopg
import pytest
from django.db import connection
from huey.storage import PostgresStorage

from forvaltningskultur.queue import SerialSchemaPostgresStorage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def dsn():
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    return f"host={db.get('HOST') or '127.0.0.1'} port={db.get('PORT') or 5432} dbname={db['NAME']} user={user}"


def start_together(storage_class, prefix, count=8) -> list:
    """`count` workers' storages made at the same moment; the errors they met."""
    barrier, errors = threading.Barrier(count), []

    def start():
        barrier.wait()
        try:
            storage_class(name="q", dsn=dsn(), table_prefix=prefix).close()
        except Exception as error:  # what a worker would die of
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def drop(prefix):
    with psycopg.connect(dsn(), autocommit=True) as conn:
        for table in ("kv", "schedule", "task", "counter"):
            conn.execute(f"DROP TABLE IF EXISTS {prefix}_{table}")


def test_workers_starting_together_all_come_up():
    prefix = f"huey_{secrets.token_hex(4)}"
    try:
        assert start_together(SerialSchemaPostgresStorage, prefix) == []
        with psycopg.connect(dsn()) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE tablename LIKE %s", [prefix + "_%"]
            ).fetchone()[0]
        assert tables == 4
    finally:
        drop(prefix)


def test_without_the_lock_they_race():
    """The defect this guards against, shown (the race is not won every time)."""
    for _ in range(10):
        prefix = f"huey_{secrets.token_hex(4)}"
        try:
            errors = start_together(PostgresStorage, prefix)
        finally:
            drop(prefix)
        if errors:
            assert any("duplicate key" in str(e) or "already exists" in str(e) for e in errors)
            return
    pytest.fail("ten starts of eight workers without the lock never raced")
