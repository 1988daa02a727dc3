"""Site search: one index for all published content, full-text on both databases.

Content types are listed in SEARCHABLE; each model has `title`, `search_text()`,
`get_absolute_url()`, `status` and `publish_at`. Signals keep SearchEntry current on save
and delete; the index beside it (FTS5 on SQLite, a Swedish tsvector with a GIN index on
PostgreSQL) is kept by the database itself. Drafts and scheduled items are filtered out
at query time, so a scheduled item becomes findable by itself when its time comes.
"""

import html
import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .publishing import Status
from .richtext import plain_text

# (model label, URL-safe type key, label shown to visitors)
SEARCHABLE = [
    ("seminars.Seminar", "seminarier", _("Seminarier")),
    ("courses.Course", "kurser", _("Kurser")),
    ("dilemmas.Dilemma", "dilemman", _("Dilemman")),
    ("dilemmas.CodeOfEthics", "etiska-koder", _("Etiska koder")),
    ("columns.Column", "kronikor", _("Krönikor")),
    ("forvaltningskultur.Page", "sidor", _("Sidor")),
]
MAX_QUERY_LENGTH = 200
MAX_RESULTS = 500
# Sentinels that cannot occur in text: the snippet is escaped first, then marked.
MARK_START, MARK_END = "\x02", "\x03"


def searchable_models():
    """[(model, key, label)] for the content types installed."""
    found = []
    for label, key, name in SEARCHABLE:
        try:
            found.append((apps.get_model(label), key, name))
        except LookupError:
            continue
    return found


def kind_of(model) -> str | None:
    for candidate, key, _name in searchable_models():
        if candidate is model:
            return key
    return None


def index_object(obj):
    """Create or refresh the search entry of one object."""
    from .models import SearchEntry

    key = kind_of(type(obj))
    if key is None:
        return
    text = obj.search_text() if hasattr(obj, "search_text") else ""
    SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        defaults={
            "kind": key,
            "title": str(obj.title)[:300],
            "body": " ".join(plain_text(text).split()),
            "url": obj.get_absolute_url(),
            "status": obj.status,
            "publish_at": obj.publish_at,
            "updated_at": getattr(obj, "updated_at", None) or timezone.now(),
        },
    )


def unindex_object(obj):
    from .models import SearchEntry

    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
    ).delete()


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


def _on_delete(sender, instance, **kwargs):
    unindex_object(instance)


def connect_signals():
    for model, _key, _name in searchable_models():
        uid = f"search-{model._meta.label_lower}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid + "-delete")


def rebuild():
    """Index every object again (after a bulk import or an update() that skipped signals)."""
    from .models import SearchEntry

    SearchEntry.objects.all().delete()
    count = 0
    for model, _key, _name in searchable_models():
        for obj in model._default_manager.all().iterator():
            index_object(obj)
            count += 1
    return count


# --- Querying ----------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around the matched words
    publish_at: object


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:20]


def _mark(snippet: str) -> str:
    escaped = html.escape(snippet or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


# Only the page being shown gets snippets; the counts per type come from one GROUP BY.
# Parameters, in order: [snippet options…], match, published status, now, kind twice,
# limit, offset.
SQLITE_PAGE_SQL = """
    SELECT e.kind, e.title, e.url, e.publish_at,
           snippet(search_fts, 1, %s, %s, '…', 24) AS body_snippet
    FROM search_fts JOIN forvaltningskultur_searchentry e ON e.id = search_fts.rowid
    WHERE search_fts MATCH %s AND e.status = %s AND e.publish_at <= %s
      AND (%s = '' OR e.kind = %s)
    ORDER BY bm25(search_fts, 10.0, 1.0) LIMIT %s OFFSET %s"""

SQLITE_COUNT_SQL = """
    SELECT e.kind, COUNT(*)
    FROM search_fts JOIN forvaltningskultur_searchentry e ON e.id = search_fts.rowid
    WHERE search_fts MATCH %s AND e.status = %s AND e.publish_at <= %s
    GROUP BY e.kind"""

POSTGRES_PAGE_SQL = """
    SELECT e.kind, e.title, e.url, e.publish_at,
           ts_headline('swedish', e.body, q, %s) AS body_snippet
    FROM forvaltningskultur_searchentry e, websearch_to_tsquery('swedish', %s) q
    WHERE e.search_vector @@ q AND e.status = %s AND e.publish_at <= %s
      AND (%s = '' OR e.kind = %s)
    ORDER BY ts_rank(e.search_vector, q, 1) DESC, e.publish_at DESC, e.id
    LIMIT %s OFFSET %s"""

POSTGRES_COUNT_SQL = """
    SELECT e.kind, COUNT(*)
    FROM forvaltningskultur_searchentry e, websearch_to_tsquery('swedish', %s) q
    WHERE e.search_vector @@ q AND e.status = %s AND e.publish_at <= %s
    GROUP BY e.kind"""

POSTGRES_HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)


class Results:
    """The published hits for a query, best first, fetched a page at a time.

    Works with Django's Paginator: `count()` from one GROUP BY query, slices run one
    query for just that page. Any visitor input is safe here: the words are passed as
    parameters, and on SQLite each becomes a quoted prefix term ("korruption"*).
    """

    def __init__(self, raw_query: str, kind: str = ""):
        words_only = " ".join((raw_query or "").split())
        self.query = words_only[:MAX_QUERY_LENGTH]
        self.too_long = len(words_only) > MAX_QUERY_LENGTH
        self.words = _words(self.query)
        self.postgres = connection.vendor == "postgresql"
        self.counts = self._counts() if self.words else {}
        self.kind = kind if kind in self.counts else ""

    @property
    def _match(self):
        return self.query if self.postgres else " ".join(f'"{w}"*' for w in self.words)

    def _counts(self) -> dict:
        sql = POSTGRES_COUNT_SQL if self.postgres else SQLITE_COUNT_SQL
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._match, Status.PUBLISHED, timezone.now()])
            return dict(cursor.fetchall())

    def count(self) -> int:
        return self.counts.get(self.kind, 0) if self.kind else sum(self.counts.values())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        if not self.words or stop <= start:
            return []
        marks = [POSTGRES_HEADLINE] if self.postgres else [MARK_START, MARK_END]
        sql = POSTGRES_PAGE_SQL if self.postgres else SQLITE_PAGE_SQL
        params = [*marks, self._match, Status.PUBLISHED, timezone.now(), self.kind, self.kind]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            rows = cursor.fetchall()
        return [
            Hit(kind=kind, title=title, url=url, snippet=_mark(snippet), publish_at=publish_at)
            for kind, title, url, publish_at, snippet in rows
        ]


def search(raw_query: str, kind: str = "") -> list[Hit]:
    """The first MAX_RESULTS hits, best first."""
    return Results(raw_query, kind)[:MAX_RESULTS]
