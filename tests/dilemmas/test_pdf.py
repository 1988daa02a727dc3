"""PDFs read back with pypdf: tagged PDF/UA, title, language, content, cache, 304, packs."""

import io
from urllib.parse import quote

import pikepdf
import pytest
import weasyprint
from pypdf import PdfReader

from dilemmas.downloads import tally
from dilemmas.models import DownloadCount
from forvaltningskultur import pagecache

from .factories import make_dilemma

pytestmark = pytest.mark.django_db


def read(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def all_text(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def assert_accessible_pdf(reader, title):
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "sv"
    assert reader.metadata.title == title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_case_pdf_is_tagged_titled_swedish_and_complete(client):
    dilemma = make_dilemma(
        "Middagen efter upphandlingen",
        guide="<p>Gränsen för vad som är tillbörligt är lågt satt.</p>",
    )
    response = client.get(dilemma.pdf_url())
    reader = read(response)
    assert_accessible_pdf(reader, "Middagen efter upphandlingen – dilemma för samtal")
    text = all_text(reader)
    for expected in (
        "Middagen efter upphandlingen",
        "Situationen i Middagen efter upphandlingen",
        "Vad är problematiskt?",
        "Stöd till samtalsledaren",
        "Gränsen för vad som är tillbörligt",
        "Förvaltningslagen (2017:900) 16–18 §§",
        "Källa: Statskontoret. Licens: CC BY 4.0.",
    ):
        assert expected in text, expected
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="middagen-efter-upphandlingen.pdf"')
    assert "filename*=UTF-8''" + quote("Middagen efter upphandlingen.pdf") in disposition
    assert response["ETag"] and response["Last-Modified"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_leader_guide_can_be_left_out(client):
    dilemma = make_dilemma("Gåvan", guide="<p>Hemligt stöd för samtalsledaren.</p>")
    text = all_text(read(client.get(dilemma.pdf_url() + "?ledarstod=0")))
    assert "Gåvan" in text
    assert "Hemligt stöd" not in text and "Stöd till samtalsledaren" not in text
    assert "Källa: Statskontoret" in text


def test_swedish_file_name_has_an_ascii_fallback(client):
    dilemma = make_dilemma("Tårtan på fikat")
    disposition = client.get(dilemma.pdf_url())["Content-Disposition"]
    assert 'filename="tartan-pa-fikat.pdf"' in disposition
    assert "filename*=UTF-8''T%C3%A5rtan%20p%C3%A5%20fikat.pdf" in disposition


def test_repeat_request_is_answered_from_the_cache_without_rendering(client, monkeypatch):
    dilemma = make_dilemma("Cachat fall")
    first = client.get(dilemma.pdf_url())
    assert first.status_code == 200

    def no_rendering(*args, **kwargs):
        raise AssertionError("WeasyPrint anropades igen för samma version")

    monkeypatch.setattr(weasyprint, "HTML", no_rendering)
    second = client.get(dilemma.pdf_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]

    # A change to the case is a new version: it is rendered again.
    dilemma.title = "Cachat fall, ändrat"
    dilemma.save()
    with pytest.raises(AssertionError, match="WeasyPrint anropades"):
        client.get(dilemma.pdf_url())


def test_conditional_request_gets_304(client):
    dilemma = make_dilemma()
    first = client.get(dilemma.pdf_url())
    again = client.get(dilemma.pdf_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(dilemma.pdf_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other_variant = client.get(dilemma.pdf_url() + "?ledarstod=0", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other_variant.status_code == 200


def test_downloads_are_counted_per_case_and_pack(client):
    one = make_dilemma("Ett")
    two = make_dilemma("Två")
    client.get(one.pdf_url())
    client.get(one.pdf_url())
    etag = client.get(one.pdf_url())["ETag"]
    client.get(one.pdf_url(), HTTP_IF_NONE_MATCH=etag)  # not a new download
    client.get(f"/dilemman/paket/?d={one.slug}&d={two.slug}")
    tally.write()
    assert DownloadCount.objects.get(dilemma=one).count == 3
    pack = DownloadCount.objects.get(kind="paket")
    assert pack.count == 1 and pack.pack == ",".join(sorted([one.slug, two.slug]))


def test_pack_of_three_in_order_with_contents_and_meeting_plan(client):
    cases = [
        make_dilemma("Alfa om jäv", minutes=20),
        make_dilemma("Beta om gåvor", minutes=30),
        make_dilemma("Gamma om rekrytering", minutes=45),
    ]
    order = [cases[2], cases[0], cases[1]]
    query = "&".join(f"d={c.slug}" for c in order)
    response = client.get(f"/dilemman/paket/?{query}")
    reader = read(response)
    assert_accessible_pdf(reader, "Samtalspaket: 3 dilemman")
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert "Samtalspaket" in pages[0]
    contents_page = next(p for p in pages if "Innehåll" in p)
    positions = [contents_page.index(c.title) for c in order]
    assert positions == sorted(positions)
    # Each case starts on its own page, in the order chosen.
    starts = [next(i for i, p in enumerate(pages) if p.lstrip().startswith(c.title)) for c in order]
    assert starts == sorted(starts) and len(set(starts)) == 3
    assert "Mötesplan" in text and "Summa" in text and "95" in text
    assert text.count("Källa: Statskontoret") == 3
    assert 'filename="samtalspaket-3-dilemman.pdf"' in response["Content-Disposition"]


def test_pack_without_guide(client):
    one = make_dilemma("Ett", guide="<p>Stödtext ett.</p>")
    two = make_dilemma("Två", guide="<p>Stödtext två.</p>")
    text = all_text(read(client.get(f"/dilemman/paket/?d={one.slug}&d={two.slug}&ledarstod=0")))
    assert "Stödtext" not in text and "Utan stöd till samtalsledaren" in text


def test_pack_of_none_or_too_many_is_a_swedish_400(client):
    empty = client.get("/dilemman/paket/")
    assert empty.status_code == 400
    assert "Samtalspaketet är tomt" in empty.content.decode()
    query = "&".join(f"d=fall-{i}" for i in range(21))
    too_many = client.get(f"/dilemman/paket/?{query}")
    assert too_many.status_code == 400
    assert "högst 20 dilemman" in too_many.content.decode()


def test_unknown_slugs_are_named(client):
    known = make_dilemma("Finns")
    draft = make_dilemma("Utkast", status="draft")
    response = client.get(f"/dilemman/paket/?d={known.slug}&d=finns-inte&d={draft.slug}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "”finns-inte”" in html and f"”{draft.slug}”" in html
    assert f"/dilemman/paket/?d={known.slug}" in html


def test_warm_up_makes_a_real_pdf(monkeypatch):
    from forvaltningskultur import pdf

    made = []
    write = pdf._write_pdf

    def recording(html):
        made.append(write(html))
        return made[-1]

    monkeypatch.setattr(pdf, "_write_pdf", recording)
    pdf.warm_up()
    assert len(made) == 1 and made[0].startswith(b"%PDF-")


def test_a_failing_warm_up_is_logged_and_the_worker_goes_on(monkeypatch, caplog):
    from forvaltningskultur import pdf

    def broken(html):
        raise OSError("libpango saknas")

    monkeypatch.setattr(pdf, "_write_pdf", broken)
    pdf.warm_up()  # does not raise
    assert "Kunde inte förbereda PDF-motorn" in caplog.text


# --- PDF/UA: artifacts, links, headings; what a pack says; a PDF never stale ----------


def open_pdf(response):
    assert response.status_code == 200, response.content[:500]
    return pikepdf.open(io.BytesIO(response.content))


def structure_elements(document):
    """Every structure element reached from the StructTreeRoot, in document order."""
    found = []

    def walk(item):
        if isinstance(item, pikepdf.Array):
            for kid in item:
                walk(kid)
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item:
            found.append(item)
            if "/K" in item:
                walk(item.K)

    walk(document.Root.StructTreeRoot.K)
    return found


def marked_content(page):
    """(tag, properties, text shown) of each outermost marked-content sequence, and the
    text shown outside any."""
    sequences, outside, depth = [], [], 0
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            if depth == 0:
                properties = operands[1] if name == "BDC" else None
                sequences.append([str(operands[0]), properties, 0])
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif name in ("Tj", "TJ", "'", '"'):
            if depth:
                sequences[-1][2] += 1
            else:
                outside.append(name)
    return sequences, outside


def assert_pagination_is_artifacts(document):
    elements = structure_elements(document)
    mcids = {}  # (page objgen, mcid) -> element, from the tree itself
    for element in elements:
        kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
        for kid in kids:
            if isinstance(kid, int):
                mcids[(element.Pg.objgen, int(kid))] = element
    parents = document.Root.StructTreeRoot.ParentTree.Nums
    parent_arrays = {int(parents[i]): parents[i + 1] for i in range(0, len(parents), 2)}
    for number, page in enumerate(document.pages, start=1):
        sequences, outside = marked_content(page)
        assert outside == [], f"sida {number}: text utanför märkt innehåll"
        artifacts = [p for tag, p, shown in sequences if tag == "/Artifact" and shown]
        for tag, properties, _shown in sequences:
            if tag == "/Artifact":
                continue
            mcid = int(properties.MCID)
            element = mcids.get((page.obj.objgen, mcid))
            assert element is not None, f"sida {number}: MCID {mcid} saknas i strukturträdet"
            parent = parent_arrays[int(page.obj.StructParents)][mcid]
            assert parent.objgen == element.objgen, f"sida {number}: MCID {mcid}"
        subtypes = [str(p.get("/Subtype")) for p in artifacts if p is not None]
        pagination = [p for p in artifacts if p is not None and p.get("/Type") == "/Pagination"]
        # Every page has "Sida n av N"; every page but the first the running header.
        assert "/Footer" in subtypes, f"sida {number}: sidfoten är inte en artefakt"
        if number > 1:
            assert "/Header" in subtypes, f"sida {number}: sidhuvudet är inte en artefakt"
        assert len(pagination) == len(subtypes)


def page_text(response, number):
    return PdfReader(io.BytesIO(response.content)).pages[number].extract_text()


def heading_levels(document):
    return [str(e.S) for e in structure_elements(document) if str(e.S)[:2] == "/H"]


GUIDE = "<h3>Fakta</h3><p>Om jäv.</p><h4>Lagen</h4><p>16 §.</p><h3>Perspektiv</h3><p>Två.</p>"


def test_page_headers_and_footers_are_pagination_artifacts(client):
    one = make_dilemma("Ett långt fall", guide=GUIDE * 6)
    two = make_dilemma("Två")
    assert_pagination_is_artifacts(open_pdf(client.get(one.pdf_url())))
    assert_pagination_is_artifacts(
        open_pdf(client.get(f"/dilemman/paket/?d={one.slug}&d={two.slug}"))
    )


def link_annotations(document):
    return [
        (number, annotation)
        for number, page in enumerate(document.pages)
        for annotation in page.obj.get("/Annots", ())
        if annotation.Subtype == "/Link"
    ]


def test_contents_has_one_named_link_per_row_and_no_printed_addresses(client):
    cases = [make_dilemma(f"Fall {name}") for name in ("Alfa", "Beta", "Gamma")]
    response = client.get("/dilemman/paket/?" + "&".join(f"d={c.slug}" for c in cases))
    document = open_pdf(response)
    contents = page_text(response, 1)
    assert "Innehåll" in contents
    on_contents = [a for number, a in link_annotations(document) if number == 1]
    names = [str(a.Contents) for a in on_contents]
    assert names == [
        "Gå till Mötesplan",
        "Gå till Fall Alfa",
        "Gå till Fall Beta",
        "Gå till Fall Gamma",
    ]
    # The dots and the page number are not in the link: it ends where the title ends.
    for annotation in on_contents:
        left, _bottom, right, _top = (float(x) for x in annotation.Rect)
        assert right - left < 300
    # A rule links by its name, one link each, not by a printed address over three lines.
    rules = [
        str(a.Contents)
        for _n, a in link_annotations(document)
        if "Förvaltningslagen" in str(a.Contents)
    ]
    assert rules == ["Förvaltningslagen (2017:900) 16–18 §§"] * 3
    assert "https://" not in all_text(PdfReader(io.BytesIO(response.content)))


def test_guide_headings_nest_the_same_in_a_case_and_in_a_pack(client):
    one = make_dilemma("Ett", guide=GUIDE)
    two = make_dilemma("Två", guide=GUIDE)
    single = heading_levels(open_pdf(client.get(one.pdf_url())))
    assert single == ["/H1", "/H2", "/H2", "/H2", "/H3", "/H4", "/H3", "/H2"]
    pack = heading_levels(open_pdf(client.get(f"/dilemman/paket/?d={one.slug}&d={two.slug}")))
    one_case = ["/H2", "/H3", "/H3", "/H3", "/H4", "/H5", "/H4", "/H3"]
    assert pack == ["/H1", "/H2", "/H2", *one_case, *one_case]


def test_pack_names_its_sender_and_licence_on_the_cover(client):
    one = make_dilemma("Ett")
    response = client.get(f"/dilemman/paket/?d={one.slug}")
    cover = page_text(response, 0)
    assert "Från Statskontoret · En god förvaltningskultur i staten." in cover
    assert "Licens: CC BY 4.0." in cover


def test_a_renamed_principle_is_in_the_next_pdf(client):
    dilemma = make_dilemma("Principfallet", principles=("objektivitet",))
    first = client.get(dilemma.pdf_url())
    assert "objektivitet" in all_text(read(first))
    principle = dilemma.principles.get()
    principle.name = "Saklighet och opartiskhet"
    principle.save()
    again = client.get(dilemma.pdf_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "saklighet och opartiskhet" in all_text(read(again))
    assert again["ETag"] != first["ETag"]


def test_a_release_with_another_stylesheet_renders_anew(client, monkeypatch):
    from forvaltningskultur import pdf

    dilemma = make_dilemma("Utgåvan")
    first = client.get(dilemma.pdf_url())
    monkeypatch.setattr(pdf, "release", lambda: "nästa utgåva")
    pagecache.new_release()  # what `manage.py migrate` does in a release
    assert client.get(dilemma.pdf_url())["ETag"] != first["ETag"]
