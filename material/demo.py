"""Demo content for the library: agencies, six example items (marked "Exempel") and
two submissions waiting for review, so a newcomer sees the whole flow. Idempotent."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from forvaltningskultur.publishing import Status

from .models import (
    Agency,
    Kind,
    Licence,
    Material,
    Resource,
    Submission,
    SubmissionEvent,
    SubmissionFile,
    SubmissionStatus,
)

AGENCIES = [
    "Arbetsförmedlingen", "Domstolsverket", "Försäkringskassan", "Kammarkollegiet",
    "Kriminalvården", "Länsstyrelsen i Västra Götalands län", "Migrationsverket",
    "Naturvårdsverket", "Polismyndigheten", "Skatteverket", "Statens servicecenter",
    "Statskontoret", "Tillväxtverket", "Transportstyrelsen", "Trafikverket",
]  # fmt: skip

# (agency, title, kind, year, themes, principles, licence, description)
ITEMS = [
    (
        "Skatteverket", "Samtalsguide: dilemman på arbetsplatsträffen", Kind.GUIDE, 2024,
        ["korruption", "service-och-bemotande"], ["objektivitet", "legalitet"], Licence.CC_BY,
        "Exempel på en samtalsguide för chefer: hur ett dilemma läses upp, hur gruppen "
        "samtalar i tre steg och hur samtalet knyts till värdegrunden. Passar en "
        "arbetsplatsträff på 45 minuter.",
    ),
    (
        "Försäkringskassan", "Metod för värdegrundssamtal i grupp", Kind.METHOD, 2023,
        ["internt-bemotande"], ["respekt", "effektivitet-och-service"], Licence.CC_BY,
        "Exempel på en metodbeskrivning: hur en enhet regelbundet samtalar om svåra "
        "situationer i mötet med de försäkrade, med roller för samtalsledare och "
        "antecknare och en mall för uppföljning.",
    ),
    (
        "Kriminalvården", "Introduktionsutbildning om statstjänstemannarollen", Kind.TRAINING, 2025,
        ["yttrandefrihet-och-meddelarfrihet", "offentlighet-och-sekretess"], ["demokrati", "fri-asiktsbildning"], Licence.CC_BY_ND,
        "Exempel på ett utbildningsupplägg för nyanställda: två halvdagar med korta "
        "föreläsningar, fall att diskutera och en avslutande reflektion om vad rollen "
        "som statsanställd innebär.",
    ),
    (
        "Länsstyrelsen i Västra Götalands län", "Fallsamling om jäv i tillståndsärenden", Kind.CASES, 2024,
        ["jav", "vanskapskorruption"], ["objektivitet"], Licence.CC_BY,
        "Exempel på en fallsamling: tolv korta fall från tillståndsprövning där "
        "handläggaren har en relation till sökanden, med frågor och kommentarer om "
        "reglerna om jäv i förvaltningslagen.",
    ),
    (
        "Trafikverket", "Dilemmaövning för upphandlare", Kind.CASES, 2022,
        ["upphandling", "mutor-och-gavor"], ["objektivitet", "legalitet"], Licence.ASK,
        "Exempel på en övning för dem som arbetar med upphandling: situationer med "
        "leverantörer, gåvor och representation, att diskutera i små grupper.",
    ),
    (
        "Migrationsverket", "Chefens stöd för samtal om bemötande", Kind.GUIDE, 2025,
        ["service-och-bemotande", "diskriminering-och-likabehandling"], ["respekt"], Licence.CC_BY,
        "Exempel på ett stöd för chefer som vill samtala med sin grupp om bemötande och "
        "likabehandling: förberedelser, frågor att ställa och hur man följer upp.",
    ),
]  # fmt: skip

PENDING = [
    (
        "Tillväxtverket", "Värdegrundsspel för nya medarbetare", Kind.TRAINING, 2025,
        "Ett kortspel med situationer som nya medarbetare diskuterar i par under sin "
        "första vecka.",
    ),
    (
        "Naturvårdsverket", "Uppförandekod för miljötillsyn", Kind.CODE, 2024,
        "Vår uppförandekod för medarbetare som arbetar med tillsyn, med exempel från "
        "verksamheten.",
    ),
]  # fmt: skip


def example_pdf(title: str) -> bytes:
    """A one-page PDF that says what it is (demo content needs files to show)."""
    text = f"{title} (exempel)".encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def run(stdout):
    from dilemmas.models import Principle, Theme

    from . import services

    agencies = {}
    for name in AGENCIES:
        agencies[name], _created = Agency.objects.get_or_create(
            name=name, defaults={"slug": services.unique_slug(Agency, name, "myndighet")}
        )
    themes = {t.slug: t for t in Theme.objects.all()}
    principles = {p.slug: p for p in Principle.objects.all()}
    now = timezone.now()
    for days, (agency, title, kind, year, theme_slugs, principle_slugs, licence, text) in enumerate(
        ITEMS
    ):
        slug = services.slugify(title)
        material, _created = Material.objects.update_or_create(
            slug=slug,
            defaults={
                "agency": agencies[agency],
                "title": title,
                "kind": kind,
                "year": year,
                "description": text,
                "licence": licence,
                "contact_email": "vardegrund@myndighet.example.se",
                "reviewed_at": (now - dt.timedelta(days=10 + days)).date(),
                "is_example": True,
                "status": Status.PUBLISHED,
                "publish_at": now - dt.timedelta(days=10 + days),
            },
        )
        material.themes.set([themes[s] for s in theme_slugs if s in themes])
        material.principles.set([principles[s] for s in principle_slugs if s in principles])
        if not material.resources.exists():
            resource = Resource(material=material, title=title)
            resource.file.save("exempel.pdf", ContentFile(example_pdf(title)), save=False)
            resource.save()
    for agency, title, kind, year, text in PENDING:
        if Submission.objects.filter(title=title).exists():
            continue
        submission = Submission.objects.create(
            agency=agencies[agency],
            title=title,
            kind=kind,
            year=year,
            description=text,
            licence=Licence.CC_BY,
            contact_email="vardegrund@myndighet.example.se",
            may_share=True,
            submitter_name="Exempel Exempelsson",
            submitter_email="exempel.exempelsson@myndighet.example.se",
            status=SubmissionStatus.PENDING,
            confirmed_at=now,
        )
        SubmissionEvent.objects.create(
            submission=submission, action=SubmissionEvent.Action.CONFIRMED
        )
        stored = SubmissionFile(submission=submission, original_name=f"{title}.pdf")
        stored.file.save("bidrag.pdf", ContentFile(example_pdf(title)), save=False)
        stored.save()
    stdout.write(f"Stödmaterial: {len(ITEMS)} exempel och {len(PENDING)} inkomna bidrag.\n")
