"""A moment in a filmed lecture: the WebVTT cue reader, the Swedish time labels, the demo
captions, and in a real browser a seminar page opened at #film-<pk>&t=<seconds>: the
film in view, the player told where to start (an external one still only on the
visitor's click), and the timed transcript open at that line."""

import io
import itertools
import re
import struct
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from seminars import seed
from seminars.captions import Cue, film_cues, moment_label, read_cues
from seminars.models import Film

from .factories import make_film, make_seminar

ROOT = Path(__file__).resolve().parents[2]

TRICKY = (
    "\ufeffWEBVTT - Textning på svenska\r\n"
    "Kind: captions\r\n"
    "Language: sv\r\n"
    "\r\n"
    "STYLE\r\n"
    "::cue(v[voice=Anna]) { color: yellow }\r\n"
    "\r\n"
    "REGION\r\n"
    "id:nere width:40% lines:3\r\n"
    "\r\n"
    "NOTE Det här är en kommentar\r\n"
    "som fortsätter på nästa rad och inte är någon replik.\r\n"
    "\r\n"
    "1\r\n"
    "00:00:01.000 --> 00:00:04.500 align:start line:90% position:10%\r\n"
    "<v Anna Ek>Hej &amp; <b>välkomna</b></v>\r\n"
    "till <c.gul>seminariet</c>.\r\n"
    "\r\n"
    "\r\n"
    "\r\n"
    "andra-repliken\r\n"
    "00:12.250 --> 00:15.000\r\n"
    "Utan timmar, <i>kursivt</i> och <00:00:13.000>en tidsstämpel.\r\n"
    "\r\n"
    "NOTE\r\n"
    "En kommentar till: 10:00.000 är ingen tid.\r\n"
    "\r\n"
    "01:02:03.400 --> 01:02:05.000\r\n"
    "Efter en timme\r\n"
    "\r\n"
    "00:05.000 --> trasig\r\n"
    "En replik med fel tid hoppas över.\r\n"
    "\r\n"
    "100:00:00.000 --> 100:00:02.000 region:nere\r\n"
    "Hundra&nbsp;timmar &lt;inga taggar&gt;\r\n"
)


def test_the_reader_takes_the_words_and_times_and_leaves_the_rest():
    assert read_cues(TRICKY.encode()) == [
        Cue(1.0, 4.5, "Hej & välkomna till seminariet."),
        Cue(12.25, 15.0, "Utan timmar, kursivt och en tidsstämpel."),
        Cue(3723.4, 3725.0, "Efter en timme"),
        Cue(360_000.0, 360_002.0, "Hundra timmar <inga taggar>"),
    ]


def test_the_reader_takes_text_and_bare_newlines_alike():
    unix = "WEBVTT\n\n00:01.000 --> 00:02.000\nEtt\n\n00:03.000 --> 00:04.000\nTvå\n"
    old_mac = unix.replace("\n", "\r")
    assert (
        read_cues(unix)
        == read_cues(old_mac.encode())
        == [
            Cue(1.0, 2.0, "Ett"),
            Cue(3.0, 4.0, "Två"),
        ]
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        None,
        b"\x00\x00\x00\x1cftypisom\x00\x00\x02\x00",  # a film, not captions
        "Hej och välkomna.\n".encode(),  # a text file without the WEBVTT line
        b"WEBVTTX\n\n00:01.000 --> 00:02.000\nHej\n",  # not the signature
        b"1\n00:00:01,000 --> 00:00:02,000\nSubRip, inte WebVTT\n",
        b"\xff\xfe\x00W\x00E\x00B",  # UTF-16
        b"WEBVTT\n\n00:01.000 --> 00:0",  # cut off in the middle
    ],
)
def test_a_broken_file_gives_no_cues(data):
    assert read_cues(data) == []


def test_bad_bytes_in_a_cue_do_not_lose_the_file():
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000\nTr\xe4sig byte\n\n00:03.000 --> 00:04.000\nHel\n"
    assert [cue.text for cue in read_cues(data)] == ["Tr\ufffdsig byte", "Hel"]


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (0, "0.00"),
        (5, "0.05"),
        (5.99, "0.05"),
        (59, "0.59"),
        (60, "1.00"),
        (754, "12.34"),
        (3599, "59.59"),
        (3600, "1.00.00"),
        (3754, "1.02.34"),
        (36_000, "10.00.00"),
        (-3, "0.00"),
    ],
)
def test_moment_labels_are_minutes_dot_seconds(seconds, label):
    assert moment_label(seconds) == label


def test_a_cue_knows_its_second_label_and_duration():
    cue = Cue(3754.9, 3756.0, "Hej")
    assert (cue.seconds, cue.label, cue.duration) == (3754, "1.02.34", "PT1H2M34S")
    assert Cue(5.0, 6.0, "").duration == "PT5S"
    assert Cue(0.4, 1.0, "").duration == "PT0S"


# --- Films --------------------------------------------------------------------


def _past_seminar(**overrides):
    import datetime as dt

    from django.utils import timezone

    start = timezone.now() - dt.timedelta(days=20)
    return make_seminar(starts_at=start, ends_at=start + dt.timedelta(hours=1), **overrides)


@pytest.mark.django_db
def test_film_cues_reads_the_caption_file_and_closes_it():
    film = make_film(_past_seminar())
    film = Film.objects.get(pk=film.pk)
    assert film_cues(film) == [Cue(0.0, 2.0, "Hej och välkomna.")]
    assert film.captions.closed
    assert film.cues == film_cues(film)


@pytest.mark.django_db
def test_film_cues_without_a_file_to_read():
    assert film_cues(make_film(_past_seminar(), captions=False)) == []
    film = make_film(_past_seminar())
    Path(film.captions.path).unlink()
    assert film_cues(Film.objects.get(pk=film.pk)) == []


@pytest.mark.django_db
def test_moment_url():
    seminar = _past_seminar(slug="om-tillit")
    film = make_film(seminar)
    assert film.moment_url(754.9) == f"/seminarier/om-tillit/#film-{film.pk}&t=754"
    assert film.moment_url(0) == f"/seminarier/om-tillit/#film-{film.pk}&t=0"


# --- The demo captions ----------------------------------------------------------

# One word said in each demo film and nowhere else on the site: the search finds it.
DISTINCTIVE = {
    "Tillit i förvaltningen – föreläsning": ("kontrollparadoxen", "12.34"),
    "Yttrandefrihet och lojalitet – föreläsning": ("anskaffarfriheten", "14.20"),
}


def _seed():
    seed.run(io.StringIO())


@pytest.mark.django_db
def test_each_demo_film_has_a_lecture_of_captions():
    _seed()
    films = Film.objects.published().filter(title__in=DISTINCTIVE)
    assert films.count() == 2
    for film in films:
        cues = film_cues(film)
        assert 20 <= len(cues) <= 40, film.title
        assert all(a.start < b.start for a, b in itertools.pairwise(cues))
        assert all(cue.start < cue.end <= film.duration_minutes * 60 for cue in cues)
        assert sum(cue.start > 600 for cue in cues) >= 10, "spread over the whole film"
        assert cues[-1].start > (film.duration_minutes - 5) * 60
        word, label = DISTINCTIVE[film.title]
        [said] = [cue for cue in cues if word in cue.text]
        assert said.label == label
        # Nothing placeholder-like left, and the voices are in the file but not the text.
        text = " ".join(cue.text for cue in cues)
        assert "demonstration" not in text.lower()
        assert "<" not in text
        with film.captions.open("rb") as file:
            raw = file.read().decode()
        assert "<v Fråga från publiken>" in raw
        assert (
            max(len(line) for line in raw.splitlines() if not line.startswith(("<v", "Demo"))) <= 42
        )


def test_each_distinctive_word_is_said_in_one_film_and_written_nowhere_else():
    sources = [
        path
        for folder in (
            "forvaltningskultur",
            "seminars",
            "courses",
            "dilemmas",
            "columns",
            "templates",
            "locale",
            "static",
        )
        if (ROOT / folder).exists()
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".html", ".txt", ".po", ".js", ".json", ".md", ".vtt"}
    ]
    for word, _label in DISTINCTIVE.values():
        holders = [
            p.relative_to(ROOT) for p in sources if word in p.read_text(errors="replace").lower()
        ]
        assert holders == [Path("seminars/seed.py")], word
        seed_text = (ROOT / "seminars/seed.py").read_text()
        assert seed_text.count(word) == 2, "once in the captions, once in the comment"


@pytest.mark.django_db
def test_seeding_again_replaces_the_old_demo_captions_and_nothing_else():
    _seed()
    tillit, yttrandefrihet = (Film.objects.get(title=title) for title in DISTINCTIVE)
    first_names = {tillit.pk: tillit.captions.name, yttrandefrihet.pk: yttrandefrihet.captions.name}
    _seed()
    assert {
        f.pk: f.captions.name for f in Film.objects.filter(title__in=DISTINCTIVE)
    } == first_names

    # One film still has the two-line demo of earlier seeds; the other an editor's file.
    old = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n"
        f"Välkomna till seminariet. {tillit.title}.\n\n"
        "00:00:04.000 --> 00:00:09.000\nDet här är en demonstrationstextning på svenska.\n"
    )
    tillit.captions = ContentFile(old.encode(), name="textning.vtt")
    tillit.save()
    own = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nRedaktörens egen textning.\n".encode()
    yttrandefrihet.captions = ContentFile(own, name="egen.vtt")
    yttrandefrihet.save()
    _seed()
    tillit.refresh_from_db()
    yttrandefrihet.refresh_from_db()
    assert len(film_cues(tillit)) > 20
    assert "kontrollparadoxen" in " ".join(cue.text for cue in film_cues(tillit))
    assert [cue.text for cue in film_cues(yttrandefrihet)] == ["Redaktörens egen textning."]


# --- In the browser ---------------------------------------------------------------

VTT = """WEBVTT

00:00.000 --> 00:04.000
Välkomna till föreläsningen.

00:05.000 --> 00:09.000
Först något om lagen.

01:30.000 --> 01:34.000
<v Talaren>Nu kommer det viktiga.

01:40.000 --> 01:44.000
Och sedan något annat.
"""


def _offsite(live_server, sent):
    """Route every request: the site's own go through, every other one is recorded and
    answered here, so that nothing leaves the machine."""

    def handle(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            sent.append(route.request.url)
            route.fulfill(
                status=200, content_type="text/html", body="<!doctype html><title>Spelare</title>"
            )

    return handle


def _demo_film(title):
    _seed()
    return Film.objects.get(title=title)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_a_demo_lecture_opened_at_a_moment(page, live_server, assert_accessible, width):
    film = _demo_film("Tillit i förvaltningen – föreläsning")
    sent = []
    page.route("**/*", _offsite(live_server, sent))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(film.moment_url(12 * 60 + 40))  # 12.40: during the line said at 12.39
    page.wait_for_load_state("networkidle")
    assert sent == [], "nothing from the video host before the click"

    region = page.get_by_role("region", name=film.title)
    expect(region.get_by_role("heading", name=film.title)).to_be_in_viewport()
    expect(region.get_by_text("Startar vid 12.40", exact=True)).to_be_visible()

    transcript = region.get_by_role("group").filter(has_text="Läs textningen till")
    expect(transcript).to_have_attribute("open", "")
    line = transcript.get_by_role("listitem").filter(has_text="ju mer vi kontrollerar")
    expect(line).to_have_attribute("aria-current", "true")
    expect(line).to_be_in_viewport()
    expect(transcript.locator("[aria-current]")).to_have_count(1)
    expect(line.get_by_role("link", name="12.39")).to_have_attribute(
        "href", f"#film-{film.pk}&t=759"
    )
    assert_accessible(page)

    region.get_by_role("button", name=f"Spela upp ”{film.title}” här").click()
    player = region.get_by_title(film.title, exact=True)
    expect(player).to_be_visible()
    assert re.search(r"[?&]start=760(&|$)", player.get_attribute("src"))
    page.wait_for_timeout(300)
    [request] = [url for url in sent if "/embed/" in url]
    assert request.startswith("https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?")
    assert "start=760" in request and "autoplay=1" in request


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_time_in_the_transcript_moves_the_start_and_a_loaded_player(page, live_server):
    seminar = _past_seminar()
    film = make_film(seminar, title="Om lagen", external_url="https://vimeo.com/76979871")
    film.captions = ContentFile(VTT.encode(), name="textning.vtt")
    film.save()
    sent = []
    page.route("**/*", _offsite(live_server, sent))
    page.goto(seminar.get_absolute_url() + "#t=95")  # the first film, by its time alone
    region = page.get_by_role("region", name="Om lagen")
    expect(region.get_by_text("Startar vid 1.35", exact=True)).to_be_visible()
    line = region.get_by_role("listitem").filter(has_text="Nu kommer det viktiga.")
    expect(line).to_have_attribute("aria-current", "true")
    expect(region.get_by_role("link", name="Se ”Om lagen” hos Vimeo")).to_have_attribute(
        "href", "https://vimeo.com/76979871#t=95s"
    )

    region.get_by_role("link", name="0.05").click()
    expect(page).to_have_url(re.compile(rf"#film-{film.pk}&t=5$"))
    expect(region.get_by_text("Startar vid 0.05", exact=True)).to_be_visible()
    play = region.get_by_role("button", name="Spela upp ”Om lagen” här")
    expect(play).to_be_focused()
    expect(
        region.get_by_role("listitem").filter(has_text="Först något om lagen.")
    ).to_have_attribute("aria-current", "true")
    expect(line).not_to_have_attribute("aria-current", "true")
    assert sent == []

    play.click()
    player = region.get_by_title("Om lagen", exact=True)
    expect(player).to_have_attribute(
        "src", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&texttrack=sv#t=5s"
    )
    # With the player loaded (the visitor chose it), a time starts it there at once. By
    # keyboard: a mouse click straight after Playwright scrolls can be routed to the
    # frame that was under the pointer before the scroll, which no person could do.
    region.get_by_role("link", name="1.40").press("Enter")
    expect(player).to_have_attribute(
        "src", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&texttrack=sv#t=100s"
    )


# --- An uploaded film ------------------------------------------------------------------


def silent_mp4(seconds: int) -> bytes:
    """A valid MP4 of silence, written here byte by byte (no ffmpeg on the machines):
    one FLAC audio track, 8 kHz mono, in frames of 4096 samples that each say "zero"."""
    rate, block = 8000, 4096

    def crc(data, poly, bits):
        top, mask, value = 1 << (bits - 1), (1 << bits) - 1, 0
        for byte in data:
            value ^= byte << (bits - 8)
            for _ in range(8):
                value = ((value << 1) ^ poly) & mask if value & top else (value << 1) & mask
        return value

    def frame(number):
        # Sync, fixed blocks; 4096 samples, 8 kHz; mono, 16 bits; the frame's number.
        header = bytes([0xFF, 0xF8, 0xC4, 0x08]) + chr(number).encode()
        body = header + bytes([crc(header, 0x07, 8)]) + b"\x00\x00\x00"  # CONSTANT 0
        return body + struct.pack(">H", crc(body, 0x8005, 16))

    def box(kind, *parts):
        payload = b"".join(parts)
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    def full(kind, flags, *parts):
        return box(kind, struct.pack(">I", flags), *parts)

    count = -(-seconds * rate // block)
    frames = [frame(n) for n in range(count)]
    samples, ms = count * block, count * block * 1000 // rate
    streaminfo = struct.pack(">HH", block, block) + b"\x00" * 6
    streaminfo += ((rate << 44) | (15 << 36) | samples).to_bytes(8, "big") + b"\x00" * 16
    entry = box(
        b"fLaC",
        b"\x00" * 6 + struct.pack(">H", 1) + b"\x00" * 8,
        struct.pack(">HHHHI", 1, 16, 0, 0, rate << 16),
        full(b"dfLa", 0, bytes([0x80, 0, 0, 34]), streaminfo),
    )
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2mp41")

    def moov(offset):
        sizes = b"".join(struct.pack(">I", len(f)) for f in frames)
        stbl = box(
            b"stbl",
            full(b"stsd", 0, struct.pack(">I", 1), entry),
            full(b"stts", 0, struct.pack(">III", 1, count, block)),
            full(b"stsc", 0, struct.pack(">IIII", 1, 1, count, 1)),
            full(b"stsz", 0, struct.pack(">II", 0, count), sizes),
            full(b"stco", 0, struct.pack(">II", 1, offset)),
        )
        dinf = box(b"dinf", full(b"dref", 0, struct.pack(">I", 1), full(b"url ", 1)))
        minf = box(b"minf", full(b"smhd", 0, b"\x00" * 4), dinf, stbl)
        mdia = box(
            b"mdia",
            full(b"mdhd", 0, struct.pack(">IIIIHH", 0, 0, rate, samples, 0x55C4, 0)),
            full(b"hdlr", 0, b"\x00" * 4, b"soun", b"\x00" * 12, b"Ljud\x00"),
            minf,
        )
        tkhd = full(
            b"tkhd",
            3,
            struct.pack(">IIIII", 0, 0, 1, 0, ms),
            b"\x00" * 8,
            struct.pack(">HHHH", 0, 0, 0x0100, 0),
            matrix,
            b"\x00" * 8,
        )
        mvhd = full(
            b"mvhd",
            0,
            struct.pack(">IIIIIH", 0, 0, 1000, ms, 0x10000, 0x0100),
            b"\x00" * 10,
            matrix,
            b"\x00" * 24,
            struct.pack(">I", 2),
        )
        return box(b"moov", mvhd, box(b"trak", tkhd, mdia))

    head = len(ftyp) + len(moov(0)) + 8
    return ftyp + moov(head) + box(b"mdat", *frames)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_uploaded_film_is_wound_to_the_moment(page, live_server, assert_accessible):
    seminar = _past_seminar()
    film = make_film(seminar, title="Filmen", external_url="")
    film.video = ContentFile(silent_mp4(120), name="film.mp4")
    film.captions = ContentFile(VTT.encode(), name="textning.vtt")
    film.full_clean()
    film.save()
    # The site's own media view answers the byte ranges Chromium needs to wind a film.
    page.goto(film.moment_url(92))
    region = page.get_by_role("region", name="Filmen")
    video = region.locator("video")
    expect(video).to_be_in_viewport()
    page.wait_for_function("() => document.querySelector('video').currentTime === 92")
    assert video.evaluate("v => v.paused")  # wound on, not started: the visitor plays it
    line = region.get_by_role("listitem").filter(has_text="Nu kommer det viktiga.")
    expect(line).to_have_attribute("aria-current", "true")
    expect(line).to_be_in_viewport()
    assert_accessible(page)

    region.get_by_role("link", name="0.05").click()
    page.wait_for_function("() => document.querySelector('video').currentTime === 5")
    expect(video).to_be_focused()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_times_are_plain_links(browser, live_server):
    seminar = _past_seminar()
    film = make_film(seminar, title="Om lagen")
    film.captions = ContentFile(VTT.encode(), name="textning.vtt")
    film.save()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(film.moment_url(95))
    region = page.get_by_role("region", name="Om lagen")
    expect(region.get_by_text("Startar vid")).to_have_count(0)
    region.get_by_text("Läs textningen till ”Om lagen” med tider").click()
    for label, seconds in [("0.00", 0), ("0.05", 5), ("1.30", 90), ("1.40", 100)]:
        expect(region.get_by_role("link", name=label)).to_have_attribute(
            "href", f"#film-{film.pk}&t={seconds}"
        )
    expect(region.get_by_role("link", name="Se ”Om lagen” hos YouTube")).to_be_visible()
    context.close()
