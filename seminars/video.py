"""External video links: which player to load, and from where, after the visitor clicks."""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Embed:
    provider: str
    player_url: str  # loaded into an iframe only after a click
    origin: str  # for the page's Content-Security-Policy frame-src


def embed_for(url: str) -> Embed | None:
    """The privacy-friendly player for a YouTube or Vimeo link; None for anything else
    (then the page links to the film instead)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/live/", "/shorts/")):
            video_id = parts.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parts.path.lstrip("/").split("/")[0]
    if video_id and video_id.replace("-", "").replace("_", "").isalnum():
        origin = "https://www.youtube-nocookie.com"
        return Embed(
            "YouTube",
            f"{origin}/embed/{video_id}?autoplay=1&cc_load_policy=1&hl=sv&cc_lang_pref=sv",
            origin,
        )
    if host in ("vimeo.com", "player.vimeo.com"):
        segment = parts.path.rstrip("/").split("/")[-1]
        if segment.isdigit():
            origin = "https://player.vimeo.com"
            return Embed("Vimeo", f"{origin}/video/{segment}?autoplay=1&dnt=1&texttrack=sv", origin)
    return None
