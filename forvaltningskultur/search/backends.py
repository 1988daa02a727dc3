"""The two databases' full-text search, behind one interface.

SQLite: an FTS5 table `search_fts` of stems (text.py's analyser), four columns weighted
by bm25(); the vocabulary `forvaltningskultur_searchterm` with an FTS5 trigram table
beside it for words inside words and for typos.
PostgreSQL: a generated tsvector (`swedish`, weights A–D) with a GIN index; the same
vocabulary with pg_trgm indexes.

Each query is compiled three times, from narrow to broad (expansion.py): the exact
stems; with prefixes and compound words; with the å/ä/ö fallback. A hit's tier is the
narrowest that finds it, and tiers come before relevance.
"""

from dataclasses import dataclass

from django.db import connection as default_connection

from .expansion import TIERS, Expanded
from .text import fold, similarity, stemmed

TABLE = "forvaltningskultur_searchentry"
TERMS = "forvaltningskultur_searchterm"
COLUMNS = ("title", "taxonomy", "meta", "body")
# title, taxonomy, meta (people, places, dates), body
SQLITE_WEIGHTS = "10.0, 6.0, 3.0, 1.0"
POSTGRES_WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"  # D body, C meta, B taxonomy, A title
VOCABULARY_LIMIT = 60
SIMILAR_MIN = 0.34

PUBLISHED = "e.status = %s AND e.publish_at <= %s"


@dataclass(frozen=True)
class Syntax:
    """How a database writes a full-text query: a word, a prefix, a phrase (opening,
    each word, between words, closing), any of a group, all of the groups, "but not"."""

    word: str
    prefix: str
    phrase: tuple
    any: str
    all: str
    but_not: str


def for_connection(connection=None):
    connection = connection or default_connection
    return Postgres(connection) if connection.vendor == "postgresql" else Sqlite(connection)


class Backend:
    def __init__(self, connection):
        self.connection = connection

    def _rows(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    # Queries -------------------------------------------------------------------

    def _compile(self, expanded: Expanded, tier: int) -> str:
        """The query as this database's full-text syntax (words are letters and digits
        only: expansion.py made them from text.WORD)."""
        syntax = self.syntax

        def term(alternative):
            kind, value = alternative
            if kind == "phrase":
                opening, inner, between, closing = syntax.phrase
                return opening + between.join(inner.format(w) for w in value) + closing
            return (syntax.prefix if kind == "prefix" else syntax.word).format(value)

        def group(alternatives):
            return "(" + syntax.any.join(term(a) for a in alternatives) + ")"

        groups = expanded.groups(tier, stems=self.stems)
        positive = syntax.all.join(group(g) for g in groups)
        excluded = expanded.excluded(stems=self.stems)
        return syntax.but_not.format(positive, group(excluded)) if excluded else positive

    def counts(self, expanded, published_params):
        broad, _tier, _params = self._tiers(expanded)
        return dict(
            self._rows(
                f"""SELECT e.kind, COUNT(*) FROM {self.found_in}
                    WHERE {self.found_where} AND {PUBLISHED} GROUP BY e.kind""",
                [broad, *published_params],
            )
        )

    def page(self, expanded, published_params, kind, limit, offset):
        broad, tier, tier_params = self._tiers(expanded)
        return self._rows(
            f"""SELECT e.id, e.kind, e.title, e.url, e.body, e.meta, e.taxonomy, e.detail,
                       e.event_at, e.publish_at, {tier} AS tier
                FROM {self.found_in}
                WHERE {self.found_where} AND {PUBLISHED} AND (%s = '' OR e.kind = %s)
                ORDER BY tier, {self.relevance}, e.publish_at DESC, e.id
                LIMIT %s OFFSET %s""",
            [*tier_params, broad, *published_params, kind, kind, limit, offset],
        )

    def _tiers(self, expanded):
        """The broadest expression (what is found), and the tier of each hit as SQL: the
        narrowest expression that finds it (expansion.TIERS) comes first."""
        broad = self._compile(expanded, TIERS[-1])
        narrower, cases = [], []
        for tier in TIERS[:-1]:
            compiled = self._compile(expanded, tier) if expanded.has_tier(tier) else None
            if compiled and compiled != broad and compiled not in narrower:
                narrower.append(compiled)
                cases.append(f"WHEN {self.matches} THEN {len(cases)}")
        if not narrower:
            return broad, "0", []
        return broad, f"CASE {' '.join(cases)} ELSE {len(cases)} END", narrower

    # Vocabulary ------------------------------------------------------------------

    def add_words(self, words):
        """Words into the vocabulary; those already there are left as they are (the
        database skips them: INSERT OR IGNORE, ON CONFLICT DO NOTHING)."""
        from ..models import SearchTerm
        from .text import stem

        SearchTerm.objects.using(self.connection.alias).bulk_create(
            (SearchTerm(word=w, stem=stem(w), folded=fold(w)) for w in sorted(words)),
            ignore_conflicts=True,
        )


class Sqlite(Backend):
    vendor = "sqlite"
    stems = True  # the index holds stems
    matches = "e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
    found_in = f"search_fts JOIN {TABLE} e ON e.id = search_fts.rowid"
    found_where = "search_fts MATCH %s"
    relevance = f"bm25(search_fts, {SQLITE_WEIGHTS})"
    syntax = Syntax(
        word='"{}"', prefix='"{}"*', phrase=('"', "{}", " ", '"'), any=" OR ", all=" AND ",
        but_not="({}) NOT {}",
    )  # fmt: skip

    def write_entry(self, entry):
        values = [stemmed(getattr(entry, c)) for c in COLUMNS]
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry.pk])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, taxonomy, meta, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                [entry.pk, *values],
            )

    def delete_entry(self, entry_id):
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry_id])

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute(f"DELETE FROM {TERMS}")  # the trigram table follows (trigger)

    def containing(self, part: str) -> list[str]:
        """Vocabulary words with `part` inside (the trigram index answers LIKE)."""
        if len(part) < 3:
            return []
        rows = self._rows(
            "SELECT word FROM search_term_trigram WHERE word LIKE %s "
            "ORDER BY length(word) LIMIT %s",
            [f"%{part}%", VOCABULARY_LIMIT],
        )
        return [r[0] for r in rows]

    def starting(self, column: str, prefix: str, limit=VOCABULARY_LIMIT) -> list[str]:
        rows = self._rows(
            f"SELECT word FROM {TERMS} WHERE {column} >= %s AND {column} < %s "
            "ORDER BY length(word) LIMIT %s",
            [prefix, prefix + "\U0010ffff", limit],
        )
        return [r[0] for r in rows]

    def similar(self, word: str) -> list[tuple[str, float]]:
        grams = {word[i : i + 3] for i in range(len(word) - 2)}
        if not grams:
            return []
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))
        rows = self._rows(
            "SELECT word FROM search_term_trigram WHERE search_term_trigram MATCH %s "
            "ORDER BY rank LIMIT 200",
            [match],
        )
        scored = [(w, similarity(word, w)) for (w,) in rows if w != word]
        return sorted(
            ((w, s) for w, s in scored if s >= SIMILAR_MIN), key=lambda ws: (-ws[1], ws[0])
        )[:5]


class Postgres(Backend):
    vendor = "postgresql"
    stems = False  # PostgreSQL stems the words itself
    matches = "e.search_vector @@ to_tsquery('swedish', %s)"
    found_in = f"{TABLE} e, to_tsquery('swedish', %s) q"
    found_where = "e.search_vector @@ q"
    relevance = f"ts_rank('{POSTGRES_WEIGHTS}', e.search_vector, q, 1) DESC"
    syntax = Syntax(
        word="'{}'", prefix="'{}':*", phrase=("(", "'{}'", " <-> ", ")"), any=" | ", all=" & ",
        but_not="({}) & !{}",
    )  # fmt: skip

    def write_entry(self, entry):
        pass  # the tsvector is a generated column

    def delete_entry(self, entry_id):
        pass

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TERMS}")

    def containing(self, part):
        if len(part) < 3:
            return []
        rows = self._rows(
            f"SELECT word FROM {TERMS} WHERE word LIKE %s ORDER BY length(word), word LIMIT %s",
            [f"%{part}%", VOCABULARY_LIMIT],
        )
        return [r[0] for r in rows]

    def starting(self, column, prefix, limit=VOCABULARY_LIMIT):
        rows = self._rows(
            f"SELECT word FROM {TERMS} WHERE {column} LIKE %s ORDER BY length(word), word LIMIT %s",
            [prefix.replace("%", "").replace("_", "") + "%", limit],
        )
        return [r[0] for r in rows]

    def similar(self, word):
        rows = self._rows(
            f"""SELECT word, similarity(word, %s) AS s FROM {TERMS}
                WHERE word %% %s AND word <> %s ORDER BY s DESC, word LIMIT 5""",
            [word, word, word],
        )
        return [(w, s) for w, s in rows if s >= SIMILAR_MIN]
