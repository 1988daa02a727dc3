"""What each word of a query matches, tier by tier, from the vocabulary of indexed words.

Tier -1: the words as typed, side by side ("16 december": that day before any 16.00).
Tier 0: the word's stem ("mutor" → mut, so "muta" is found).
Tier 1: also words starting with the stem ("rekryt" → rekrytering) and compound words
        that hold it ("korruption" → vänskapskorruption).
Tier 2: also the same word with å, ä or ö where the query had a, a or o ("jav" → jäv).
A word found by none of these is unknown: "Menade du …?" offers the most similar
indexed word (trigram similarity).

An alternative is ("word", stem or word), ("prefix", …) or ("phrase", [words]). SQLite's
index holds stems, so it gets stems; PostgreSQL stems words itself, so it gets words.
"""

from dataclasses import dataclass, field

from .query import Phrase, Query, Word
from .text import Matcher, fold, has_letters_to_fold, stem

TIERS = (-1, 0, 1, 2)
MIN_PREFIX = 3  # "jäv" finds jävig; shorter stems would find too much
MIN_INSIDE = 4  # "korr" inside words; "mut" inside would find "kommuter"
MIN_FIRST_PART = 3  # "fredags|fika": a compound's first part is a word of its own
MAX_ENDING = 4  # "…korruption|erna": what may follow the part is an inflection


@dataclass
class WordMatch:
    word: str
    stem: str
    known: bool = False  # the stem, or a word starting with it, is indexed
    compounds: list[str] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.known or bool(self.compounds or self.folded)


@dataclass
class Expanded:
    query: Query
    matches: dict  # word -> WordMatch

    def _alternatives(self, item, tier, stems):
        if isinstance(item, Phrase):
            return [("phrase", [stem(w) if stems else w for w in item.texts])]
        match = self.matches[item.text]
        base = match.stem if stems else item.text
        found = [("word", base)]
        if tier >= 1:
            if len(match.stem) >= MIN_PREFIX:
                found.append(("prefix", base))
            found += [("word", stem(w) if stems else w) for w in match.compounds]
        if tier >= 2:
            found += [("word", stem(w) if stems else w) for w in match.folded]
        unique, seen = [], set()
        for alternative in found:
            key = (alternative[0], str(alternative[1]))
            if key not in seen:
                seen.add(key)
                unique.append(alternative)
        return unique

    def has_tier(self, tier: int) -> bool:
        """The side-by-side tier only for two or more plain words and no OR."""
        if tier != -1:
            return True
        groups = self.query.groups
        return len(groups) > 1 and all(len(g) == 1 and isinstance(g[0], Word) for g in groups)

    def groups(self, tier: int, stems: bool) -> list[list]:
        if tier == -1:
            words = [group[0].text for group in self.query.groups]
            return [[("phrase", [stem(w) if stems else w for w in words])]]
        return [
            [a for item in group for a in self._alternatives(item, tier, stems)]
            for group in self.query.groups
        ]

    def excluded(self, stems: bool) -> list:
        found = []
        for item in self.query.excluded:
            if isinstance(item, Phrase):
                found.append(("phrase", [stem(w) if stems else w for w in item.texts]))
            else:
                found.append(("word", stem(item.text) if stems else item.text))
        return found

    def matcher(self) -> Matcher:
        """The words to mark in snippets and film cues."""
        stems, prefixes = set(), set()
        for item in self.query.items:
            if isinstance(item, Phrase):
                stems.update(stem(w) for w in item.texts)
                continue
            match = self.matches[item.text]
            stems.add(match.stem)
            if len(match.stem) >= MIN_PREFIX:
                prefixes.add(match.stem)
            stems.update(stem(w) for w in match.compounds + match.folded)
        return Matcher(stems, prefixes)

    def unknown(self) -> list[str]:
        return [w for w, m in self.matches.items() if not m.found and not w.isdigit()]


def _holds(word: str, part: str) -> bool:
    """Whether `word` is a compound ending in `part`, give or take an inflection:
    "vänskapskorruptionen" holds "korruption", "fredagsfikat" holds "fika", but
    "startat" does not hold "tart" (a first part of one letter is no word)."""
    at = word.rfind(part)
    return at >= MIN_FIRST_PART and len(word) - at - len(part) <= MAX_ENDING


def expand(query: Query, backend) -> Expanded:
    matches = {}
    for item in query.plain_words():
        if item.text in matches:
            continue
        match = WordMatch(item.text, stem(item.text))
        if item.text.isdigit():
            match.known = True  # years and numbers: only the exact number
        else:
            match.known = bool(backend.starting("stem", match.stem, limit=1)) or bool(
                backend.starting("word", item.text, limit=1)
            )
            # The stem inside longer words; a short stem ("fik") by its whole word
            # ("fika" inside "fredagsfikat").
            part = match.stem if len(match.stem) >= MIN_INSIDE else item.text
            if len(part) >= MIN_INSIDE:
                match.compounds = [w for w in backend.containing(part) if _holds(w, part)]
            if not has_letters_to_fold(item.text):
                match.folded = [
                    w for w in backend.starting("folded", fold(match.stem)) if w != fold(w)
                ]
            if match.folded and not match.known:
                # "tarta" is no word here, "tårta" is: not "debat|tart|ikel".
                match.compounds = []
        matches[item.text] = match
    return Expanded(query, matches)
