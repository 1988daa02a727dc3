"""Material for tests: agencies, items, and files of each kind (real bytes)."""

import io
import zipfile

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forvaltningskultur import roles
from material.demo import example_pdf
from material.models import Agency, Material

PASSWORD = "ett-langt-losenord-1"


def make_agency(name="Exempelverket", slug=None):
    return Agency.objects.get_or_create(name=name, defaults={"slug": slug or name.lower()})[0]


def make_material(title="Samtal om jäv", status="published", **kwargs):
    from django.utils.text import slugify

    defaults = {
        "agency": kwargs.pop("agency", None) or make_agency(),
        "slug": slugify(title),
        "kind": "samtalsguide",
        "description": "Så samtalar vi om jäv.",
        "year": 2025,
        "contact_email": "vardegrund@exempelverket.se",
        "status": status,
        "publish_at": timezone.now(),
    }
    return Material.objects.create(title=title, **{**defaults, **kwargs})


def pdf_upload(name="guide.pdf", title="Samtalsguide"):
    return SimpleUploadedFile(name, example_pdf(title), content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def make_editor(django_user_model, username="redaktor", group=roles.EDITOR):
    roles.sync_group_permissions()
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def form_data(**changes):
    data = {
        "agency": "",
        "agency_name": "Exempelverket",
        "title": "Vår samtalsmodell",
        "kind": "metod",
        "description": "Så här samtalar vi om dilemman på enhetsmöten.",
        "year": "2025",
        "links": "",
        "licence": "cc-by-4.0",
        "contact_email": "vardegrund@exempelverket.se",
        "submitter_name": "Stina Inlämnarsson",
        "submitter_email": "stina.inlamnarsson@exempelverket.se",
        "may_share": "on",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
