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


def clean_query(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:20]


def _mark(snippet: str) -> str:
    escaped = html.escape(snippet or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def _published_params() -> list:
    """Parameters for `e.status = %s AND e.publish_at <= %s LIMIT %s` in the queries below."""
    return [Status.PUBLISHED, timezone.now(), MAX_RESULTS]


SQLITE_SQL = """
    SELECT e.kind, e.title, e.url, e.publish_at,
           snippet(search_fts, 1, %s, %s, '…', 24) AS body_snippet,
           bm25(search_fts, 10.0, 1.0) AS score
    FROM search_fts JOIN forvaltningskultur_searchentry e ON e.id = search_fts.rowid
    WHERE search_fts MATCH %s AND e.status = %s AND e.publish_at <= %s
    ORDER BY score LIMIT %s"""

POSTGRES_SQL = """
    SELECT e.kind, e.title, e.url, e.publish_at,
           ts_headline('swedish', e.body, q, %s) AS body_snippet
    FROM forvaltningskultur_searchentry e, websearch_to_tsquery('swedish', %s) q
    WHERE e.search_vector @@ q AND e.status = %s AND e.publish_at <= %s
    ORDER BY ts_rank(e.search_vector, q, 1) DESC, e.publish_at DESC
    LIMIT %s"""


def _sqlite_search(query: str):
    words = _words(query)
    if not words:
        return []
    # Each word as a quoted prefix term: "korruption"* – no FTS syntax from the visitor.
    match = " ".join(f'"{w}"*' for w in words)
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_SQL, [MARK_START, MARK_END, match, *_published_params()])
        rows = cursor.fetchall()
    return [
        (kind, title, url, publish_at, snippet) for kind, title, url, publish_at, snippet, _ in rows
    ]


def _postgres_search(query: str):
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
        'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
    )
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_SQL, [options, query, *_published_params()])
        return cursor.fetchall()


def search(raw_query: str) -> list[Hit]:
    """Published hits for the query, best first. Any visitor input is safe here."""
    query = clean_query(raw_query)
    if not query or not _words(query):
        return []
    rows = _postgres_search(query) if connection.vendor == "postgresql" else _sqlite_search(query)
    hits = []
    for kind, title, url, publish_at, snippet in rows:
        hits.append(
            Hit(kind=kind, title=title, url=url, snippet=_mark(snippet), publish_at=publish_at)
        )
    return hits
