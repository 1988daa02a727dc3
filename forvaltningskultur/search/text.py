"""Swedish words for the index and for queries: words, stems, folding, trigrams, snippets.

One analyser for both databases. On SQLite the index holds the stems made here; on
PostgreSQL the `swedish` text-search configuration stems with the same Snowball
algorithm, so a word is found the same way on both. The vocabulary (compounds, typos,
a missing å/ä/ö) is built here for both.
"""

import functools
import html
import re
import threading

import Stemmer

# Letters and digits; "e-post" is two words, as both databases' parsers see it.
WORD = re.compile(r"[^\W_]+")
# Snowball's Swedish stop list, the one PostgreSQL's `swedish` configuration uses.
STOP_WORDS = frozenset(
    # One string, as Snowball publishes the list.
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de
    av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid
    kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla
    under någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt
    ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess
    inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt
    våra ert era vilkas
    """.split()  # noqa: SIM905
)
# A word typed without its å, ä or ö is found as a lower-ranked fallback (they are
# letters of their own in Swedish, so never in the main match).
FOLD = str.maketrans("åäöéèêëüáàâ", "aaoeeeeuaaa")
MAX_WORD = 60

_local = threading.local()  # a PyStemmer stemmer is not safe to share between threads


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("swedish")
    return stemmer


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball Swedish stem of one lower-case word: "mutor" and "muta" give "mut"."""
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """The lower-case words of a text, in order."""
    return [w[:MAX_WORD] for w in WORD.findall((text or "").lower())]


def stemmed(text: str) -> str:
    """A text as the SQLite index holds it: its words' stems, space-separated."""
    return " ".join(stem(w) for w in words(text))


def fold(word: str) -> str:
    return word.translate(FOLD)


def has_letters_to_fold(word: str) -> bool:
    return fold(word) != word


def vocabulary_words(text: str) -> set[str]:
    """The words worth suggesting or expanding to: not stop words, not numbers, not
    single letters."""
    return {w for w in words(text) if len(w) >= 3 and not w.isdigit() and w not in STOP_WORDS}


def trigrams(word: str) -> set[str]:
    """As pg_trgm makes them: two spaces before the word, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


# --- Snippets ----------------------------------------------------------------------


class Matcher:
    """Which words of a text a query matched: by stem, or a stem's prefix."""

    def __init__(self, stems=(), prefixes=()):
        self.stems = frozenset(stems)
        self.prefixes = tuple(sorted(set(prefixes)))

    def __bool__(self):
        return bool(self.stems or self.prefixes)

    def matches(self, word: str) -> bool:
        s = stem(word.lower()[:MAX_WORD])
        return s in self.stems or (bool(self.prefixes) and s.startswith(self.prefixes))

    def count(self, text: str) -> int:
        return sum(1 for w in WORD.findall(text or "") if self.matches(w))


def snippet(text: str, matcher: Matcher, length: int = 30) -> str:
    """Safe HTML: the `length` words of `text` around its best run of matched words,
    escaped, with <mark> around the matches and "…" where text was left out. Empty if no
    word matched."""
    spans = [(m.start(), m.end(), matcher.matches(m.group())) for m in WORD.finditer(text)]
    hits = [i for i, (_s, _e, hit) in enumerate(spans) if hit]
    if not hits:
        return ""
    # The window (starting a few words before a hit) that holds the most hits; a
    # short text (a film's cue) whole.
    best_start, best_count = 0, -1
    for first in hits if len(spans) > length else []:
        start = max(0, first - 4)
        count = sum(1 for i in hits if start <= i < start + length)
        if count > best_count:
            best_start, best_count = start, count
    window = spans[best_start : best_start + length]
    begin = window[0][0]
    out = ["…" if best_start > 0 else ""]
    position = begin
    for s, e, hit in window:
        out.append(html.escape(text[position:s]))
        word = html.escape(text[s:e])
        out.append(f"<mark>{word}</mark>" if hit else word)
        position = e
    # To the end of the text when the window reaches it (its last full stop, colon…).
    out.append("…" if best_start + length < len(spans) else html.escape(text[position:]))
    return " ".join("".join(out).split())


def opening(text: str, length: int = 30) -> str:
    """Safe HTML: the first `length` words of a text."""
    spans = list(WORD.finditer(text or ""))
    if not spans:
        return ""
    cut = spans[min(length, len(spans)) - 1].end()
    more = "…" if len(spans) > length else ""
    return " ".join(html.escape(text[:cut]).split()) + more
