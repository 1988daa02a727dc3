"""The full-text index beside SearchEntry: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations

TABLE = "forvaltningskultur_searchentry"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER search_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    f"""CREATE TRIGGER search_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    f"""CREATE TRIGGER search_fts_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('swedish', coalesce(body, '')), 'B')) STORED""",
    f"CREATE INDEX search_vector_gin ON {TABLE} USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("forvaltningskultur", "0002_search_entry")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
