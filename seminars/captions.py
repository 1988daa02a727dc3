"""A film's WebVTT captions read as cues: the timed transcript on the seminar page, and
the words the site search finds at a moment in a film.

    read_cues(b"WEBVTT\\n\\n00:01.000 --> 00:04.000\\n<v Anna>Välkomna</v>")
    -> [Cue(start=1.0, end=4.0, text="Välkomna")]

Only what a reader needs is kept: when a cue starts and ends, and its words without
markup. Styling, regions, positions and comments are dropped. A file that is not WebVTT,
or cannot be read, gives no cues rather than an error: a page must never fail because
of a caption file.
"""

import html
import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# No more than the upload validator lets in (uploads.CAPTIONS), with room to spare.
MAX_BYTES = 4 * 1000 * 1000

# [hh:]mm:ss.ttt, the hours optional and of any length. Forgiven: one-digit minutes, fewer
# digits after the point, a comma for the point (SubRip files renamed to .vtt) and no space
# around the arrow.
_TIME = r"(?:(\d+):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})"
_TIMING = re.compile(rf"^[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t].*)?$")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # the words, without tags, lines joined by a space

    @property
    def seconds(self) -> int:
        """Whole seconds into the film, as the address carries them (`t=`)."""
        return int(self.start)

    @property
    def label(self) -> str:
        """The start as a visitor reads it: "12.34"."""
        return moment_label(self.start)

    @property
    def duration(self) -> str:
        """The start as an ISO 8601 duration, for <time datetime="PT12M34S">."""
        return iso_duration(self.start)


def _seconds(hours, minutes, seconds, millis) -> float:
    fraction = int(millis.ljust(3, "0")) / 1000
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + fraction


def _text(lines: list[str]) -> str:
    words = " ".join(_TAG.sub("", line) for line in lines)
    return _SPACE.sub(" ", html.unescape(words)).strip()


def _decode(data: bytes | str) -> str:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _cues(text: str) -> list[Cue]:
    first_line = text.split("\n", 1)[0]
    if not (first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t"))):
        return []
    blocks = _BLANK_LINES.split(text)
    cues = []
    for block in blocks[1:]:  # the first is the header
        # A cue is an optional id line, the timing line, then its text. A block with no
        # timing line in either place is a NOTE (comment), STYLE or REGION block, or junk.
        lines = block.strip("\n").split("\n")
        timing_at = 0 if "-->" in lines[0] else 1
        match = _TIMING.match(lines[timing_at]) if len(lines) > timing_at else None
        if match is None:
            continue  # not a cue, or a timing line we cannot read: skip it alone
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        words = _text(lines[timing_at + 1 :])
        if words:
            cues.append(Cue(start, max(start, end), words))
    return cues


def read_cues(data: bytes | str | None) -> list[Cue]:
    """The cues of a WebVTT file, in the file's order. [] for anything that is not one."""
    if not data:
        return []
    try:
        return _cues(_decode(data))
    except Exception:  # a page must not fail on a caption file
        logger.warning("Could not read a caption file", exc_info=True)
        return []


def film_cues(film) -> list[Cue]:
    """The cues of `film.captions`; [] without captions or when the file is missing."""
    if not film.captions:
        return []
    try:
        with film.captions.open("rb") as file:
            data = file.read(MAX_BYTES)
    except Exception:  # a missing file, an unreachable store: the page goes on without
        logger.warning("Could not open the captions of film %s", film.pk, exc_info=True)
        return []
    return read_cues(data)


def _parts(seconds: float) -> tuple[int, int, int]:
    whole = max(0, int(seconds))
    return whole // 3600, whole // 60 % 60, whole % 60


def moment_label(seconds: float) -> str:
    """A moment in a film the Swedish way: "0.05", "12.34", past an hour "1.02.34"."""
    hours, minutes, secs = _parts(seconds)
    if hours:
        return f"{hours}.{minutes:02d}.{secs:02d}"
    return f"{minutes}.{secs:02d}"


def iso_duration(seconds: float) -> str:
    """ "PT12M34S", "PT1H2M34S", "PT0S"."""
    hours, minutes, secs = _parts(seconds)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else ""]
    parts.append(f"{secs}S" if secs or not (hours or minutes) else "")
    return "PT" + "".join(parts)
