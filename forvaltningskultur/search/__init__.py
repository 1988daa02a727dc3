"""Site search: one index for all published content, Swedish on both databases.

- registry.py: the content types searched and their names;
- index.py: the documents, and keeping the index complete after every change;
- text.py: words, Snowball stems, å/ä/ö folding, trigrams and snippets;
- query.py: a visitor's query as web search reads it (`"phrase"`, `OR`, `-word`);
- expansion.py: what each word matches, tier by tier, from the indexed vocabulary;
- backends.py: FTS5 on SQLite, tsvector and pg_trgm on PostgreSQL.

Here: Results, the hits for a query a page at a time, with "Menade du …?".
"""

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from ..publishing import Status
from . import backends, registry
from .expansion import expand
from .index import (
    Document,
    connect_signals,
    discard_pending,
    flush,
    index_object,
    rebuild,
    rebuild_if_empty,
    unindex,
)
from .query import MAX_QUERY_LENGTH, parse
from .text import opening, snippet

__all__ = [
    "MAX_QUERY_LENGTH",
    "Document",
    "Hit",
    "Moment",
    "Results",
    "connect_signals",
    "discard_pending",
    "index_object",
    "rebuild",
    "rebuild_if_empty",
    "search",
    "unindex",
]

MAX_RESULTS = 500


@dataclass
class Moment:
    """Where in a film a query's words are spoken."""

    seconds: float
    label: str  # "12.34"
    text: str  # safe HTML, the words marked
    url: str


@dataclass
class Hit:
    kind: str
    label: str  # what it is, in the singular: "Dilemma", "Seminarium"
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around the matched words
    detail: str  # an event's date, a code's agency and year…
    event_at: object
    publish_at: object
    moment: Moment | None = None


def _label(seconds: float) -> str:
    from seminars.captions import moment_label

    return moment_label(seconds)


class Results:
    """The published hits for a query, best first, fetched a page at a time.

    Works with Django's Paginator: `count()` from one GROUP BY query, slices run one
    query for that page. A query without hits is tried again with its unknown words
    corrected (`corrected`), then with any of its words instead of all (`any_word`).
    `suggestion`: a better query to offer ("Menade du …?"), or "".
    Any visitor input is safe here: what reaches SQL is words, passed as parameters.
    """

    def __init__(self, raw_query: str, kind: str = ""):
        flush(tell_cache=False)  # what this transaction changed is searchable at once
        text = " ".join((raw_query or "").split())
        self.query = text[:MAX_QUERY_LENGTH]
        self.too_long = len(text) > MAX_QUERY_LENGTH
        self.backend = backends.for_connection(connection)
        self.corrected = ""
        self.any_word = False
        self.suggestion = ""
        parsed = parse(self.query)
        self.expanded = expand(parsed, self.backend) if parsed else None
        self.counts = self._counts() if self.expanded else {}
        corrections = self._corrections() if self.expanded else {}
        if corrections:
            better = parsed.replaced(corrections)
            if not self.counts:
                self._use(parse(better))
                if self.counts:
                    self.corrected = better
            if not self.corrected and self._has_hits(parse(better)):
                self.suggestion = better
        if not self.counts and self.expanded and len(parsed.groups) > 1:
            alternatives = parse(self.corrected or self.query)
            alternatives.groups = [[item for group in alternatives.groups for item in group]]
            self._use(alternatives)
            self.any_word = bool(self.counts)
        self.kind = kind if kind in self.counts else ""

    def _use(self, parsed):
        self.expanded = expand(parsed, self.backend)
        self.counts = self._counts()

    def _has_hits(self, parsed) -> bool:
        expanded = expand(parsed, self.backend)
        return bool(self.backend.counts(expanded, self._published()))

    def _corrections(self) -> dict:
        found = {}
        for word in self.expanded.unknown():
            similar = self.backend.similar(word)
            if similar:
                found[word] = similar[0][0]
        return found

    def _published(self):
        return [Status.PUBLISHED, timezone.now()]

    def _counts(self) -> dict:
        if not self.expanded.query:
            return {}
        return self.backend.counts(self.expanded, self._published())

    def count(self) -> int:
        return self.counts.get(self.kind, 0) if self.kind else sum(self.counts.values())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        if not self.counts or stop <= start:
            return []
        rows = self.backend.page(self.expanded, self._published(), self.kind, stop - start, start)
        return self._hits(rows)

    def _hits(self, rows):
        from ..models import SearchCue

        matcher = self.expanded.matcher()
        singular = {key: name for key, _plural, name in registry.names()}
        films = [row[0] for row in rows if row[1] == "filmer"]
        cues = {}
        for entry_id, start, text in SearchCue.objects.filter(entry_id__in=films).values_list(
            "entry_id", "start", "text"
        ):
            cues.setdefault(entry_id, []).append((start, text))
        hits = []
        for (
            entry_id,
            kind,
            title,
            url,
            body,
            meta,
            _taxonomy,
            detail,
            event_at,
            published,
            _t,
        ) in rows:
            moment = None
            best = max(
                cues.get(entry_id, []), key=lambda c: (matcher.count(c[1]), -c[0]), default=None
            )
            if best and matcher.count(best[1]):
                base = url.split("&", 1)[0]
                moment = Moment(
                    best[0],
                    _label(best[0]),
                    snippet(best[1], matcher, 24),
                    f"{base}&t={int(best[0])}",
                )
            # From the text; else the line of people, places and dates that matched (its
            # first line names the kind, which the hit says already); else the opening.
            # Themes are in the detail line of a case.
            people_places_dates = " · ".join(meta.splitlines()[1:])
            text = snippet(body, matcher) or snippet(people_places_dates, matcher) or opening(body)
            hits.append(
                Hit(kind=kind, label=str(singular.get(kind, "")), title=title, url=url,
                    snippet=text, detail=detail, event_at=event_at, publish_at=published,
                    moment=moment)
            )  # fmt: skip
        return hits


def search(raw_query: str, kind: str = "") -> list[Hit]:
    """The first MAX_RESULTS hits, best first."""
    return Results(raw_query, kind)[:MAX_RESULTS]
