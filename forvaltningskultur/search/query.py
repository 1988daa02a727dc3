"""A visitor's query, as web search reads it: words (all of them must match), `"a
phrase"`, `OR` between two alternatives, `-word` to leave out. Stop words are left out
of plain words, so "hur gör man med gåvor" searches for "gör" and "gåvor"; inside a
phrase they stay.

Parsing knows nothing of the index; expansion.py works out what each word matches.
"""

import re
from dataclasses import dataclass, field

from .text import STOP_WORDS, words

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class Word:
    """One word of the query."""

    text: str

    @property
    def words(self):
        return [self.text]


@dataclass
class Phrase:
    """Words that must stand next to each other, in order."""

    texts: list[str]

    @property
    def words(self):
        return self.texts


@dataclass
class Query:
    """All `groups` must match (each group: any one of its items), none of `excluded`."""

    groups: list[list] = field(default_factory=list)
    excluded: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.groups)

    @property
    def items(self):
        return [item for group in self.groups for item in group]

    def plain_words(self) -> list[Word]:
        return [item for item in self.items if isinstance(item, Word)]

    def replaced(self, corrections: dict[str, str]) -> str:
        """The query as text, with words replaced (for "Menade du …?")."""
        parts = []
        for group in self.groups:
            parts.append(" OR ".join(_show(item, corrections) for item in group))
        parts += [f"-{_show(item, corrections)}" for item in self.excluded]
        return " ".join(parts)


def _show(item, corrections):
    if isinstance(item, Phrase):
        return '"' + " ".join(corrections.get(t, t) for t in item.texts) + '"'
    return corrections.get(item.text, item.text)


def _item(text: str, quoted: bool):
    found = words(text)
    if not found:
        return None
    if quoted or len(found) > 1:  # "e-post", "4:e" are phrases of their parts
        return Phrase(found) if len(found) > 1 else Word(found[0])
    return Word(found[0])


def parse(raw: str) -> Query:
    query = Query()
    pending_or = False
    terms = 0
    for match in TOKEN.finditer(raw or ""):
        minus, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare in ("OR", "|"):
                pending_or = bool(query.groups)
                continue
            if bare == "AND" or bare == "&":
                continue
            minus = "-" if bare.startswith("-") and len(bare) > 1 else ""
            text, is_quoted = bare.lstrip("-") if minus else bare, False
        else:
            text, is_quoted = quoted, True
        item = _item(text, is_quoted)
        if item is None:
            continue
        if isinstance(item, Word) and item.text in STOP_WORDS and not minus:
            pending_or = False
            continue
        terms += len(item.words)
        if terms > MAX_TERMS:
            break
        if minus:
            query.excluded.append(item)
        elif pending_or:
            query.groups[-1].append(item)
        else:
            query.groups.append([item])
        pending_or = False
    if not query.groups and not query.excluded:
        # Only stop words: search for them after all rather than for nothing.
        everything = [Word(w) for w in words(raw)[:MAX_TERMS]]
        query.groups = [[w] for w in everything]
    return query
