"""Uploads: one validator for every uploaded file, and generated storage names.

The type is read from the file's content, never from its name. Each kind of upload
has an allow-list of types and a size cap. SVG, HTML and scripts are never accepted.

    image = CheckedImageField(upload_to=UploadTo("seminarier"))
    attachment = models.FileField(upload_to=UploadTo("dilemman"), validators=[validate_document])
"""

import hashlib
import os
import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

MB = 1000 * 1000
# Decompression bombs: refuse images with more pixels than this before decoding them.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

# Markers that must never appear near the start of a document we serve (polyglots).
ACTIVE_CONTENT = (b"<html", b"<script", b"<svg", b"<!doctype", b"<body", b"<iframe", b"javascript:")


@dataclass(frozen=True)
class FileType:
    extension: str
    label: str  # shown to visitors: "(pdf, 120 kB)"
    mime: str


PDF = FileType("pdf", "pdf", "application/pdf")
DOCX = FileType(
    "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
ODT = FileType("odt", "odt", "application/vnd.oasis.opendocument.text")
PPTX = FileType(
    "pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
JPEG = FileType("jpg", "jpeg", "image/jpeg")
PNG = FileType("png", "png", "image/png")
WEBP = FileType("webp", "webp", "image/webp")
MP4 = FileType("mp4", "mp4", "video/mp4")
VTT = FileType("vtt", "vtt", "text/vtt")
TEXT = FileType("txt", "text", "text/plain")
LABELS = {t.extension: t.label for t in (PDF, DOCX, ODT, PPTX, JPEG, PNG, WEBP, MP4, VTT, TEXT)}


def _read_head(file, size=4096) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def _zip_kind(file) -> FileType | None:
    """DOCX, PPTX and ODT are zip files; tell them apart by what is inside."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype == ODT.mime.encode():
                    return ODT
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX
            if "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names):
                return PPTX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        file.seek(0)
    return None


def sniff(file, head: bytes | None = None) -> FileType | None:
    """What the file really is, judged from its bytes (its first 4 kB when given)."""
    head = _read_head(file) if head is None else head
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in (
        b"isom",
        b"iso2",
        b"mp41",
        b"mp42",
        b"avc1",
        b"M4V ",
    ):
        return MP4
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    text = head.removeprefix(b"\xef\xbb\xbf")
    if text.startswith(b"WEBVTT"):
        return VTT
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT


@dataclass(frozen=True)
class UploadKind:
    name: str
    allowed: tuple[FileType, ...]
    max_bytes: int


IMAGE = UploadKind("bild", (JPEG, PNG, WEBP), 10 * MB)
DOCUMENT = UploadKind("dokument", (PDF, DOCX, ODT), 20 * MB)
VIDEO = UploadKind("film", (MP4,), 500 * MB)
CAPTIONS = UploadKind("textning", (VTT,), 2 * MB)
TRANSCRIPT = UploadKind("transkription", (TEXT, PDF), 5 * MB)
# What agencies share with each other (material/): documents and slide decks.
MATERIAL = UploadKind("fil", (PDF, DOCX, ODT, PPTX), 10 * MB)


def file_size(num_bytes: int | None) -> str:
    """'120 kB', '1,2 MB' (Swedish decimal comma, non-breaking space)."""
    if num_bytes is None:
        return ""
    if num_bytes < MB:
        return f"{max(1, round(num_bytes / 1000))}\u00a0kB"
    return f"{num_bytes / MB:.1f}".replace(".", ",") + "\u00a0MB"


def _human(num_bytes: int) -> str:
    return f"{num_bytes / MB:.0f}\u00a0MB"


@deconstructible
class UploadValidator:
    """Validate one uploaded file against an UploadKind. Messages are Swedish."""

    def __init__(self, kind_name: str):
        self.kind_name = kind_name

    @property
    def kind(self) -> UploadKind:
        return KINDS[self.kind_name]

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and other.kind_name == self.kind_name

    def __call__(self, value):
        if getattr(value, "_committed", False):
            # Already in the store (validated when it came in): saving the form again
            # without a new file re-reads nothing.
            return
        kind = self.kind
        raw_name = getattr(value, "name", "") or ""
        if ".." in raw_name.replace("\\", "/").split("/"):
            raise ValidationError(
                _("Filnamnet får inte innehålla ”../”. Byt namn på filen och försök igen."),
                code="bad_name",
            )
        name = os.path.basename(raw_name)
        if not name or name in (".", "..") or "\x00" in name:
            raise ValidationError(_("Filen saknar ett giltigt namn."), code="bad_name")
        size = getattr(value, "size", None)
        if size is not None and size > kind.max_bytes:
            raise ValidationError(
                _("Filen är för stor: högst %(max)s för en %(kind)s.")
                % {"max": _human(kind.max_bytes), "kind": kind.name},
                code="too_large",
            )
        file = getattr(value, "file", value)
        head = _read_head(file)
        detected = sniff(file, head)
        if detected is None or detected not in kind.allowed:
            allowed = ", ".join(t.label for t in kind.allowed)
            raise ValidationError(
                _("Filtypen tillåts inte. Tillåtna typer för en %(kind)s: %(allowed)s.")
                % {"kind": kind.name, "allowed": allowed},
                code="bad_type",
            )
        if detected in (PDF, TEXT, VTT) and any(m in head.lower() for m in ACTIVE_CONTENT):
            raise ValidationError(
                _("Filen innehåller HTML eller skript och kan inte laddas upp."), code="active"
            )
        if detected in IMAGE.allowed:
            _check_image(file)


def _check_image(file):
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("Bilden har för många pixlar (högst %(max)d miljoner).")
                    % {"max": MAX_IMAGE_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(_("Bilden har för många pixlar."), code="too_many_pixels") from error
    except Exception as error:
        raise ValidationError(_("Filen är ingen giltig bild."), code="bad_image") from error
    finally:
        file.seek(0)


KINDS = {k.name: k for k in (IMAGE, DOCUMENT, VIDEO, CAPTIONS, TRANSCRIPT, MATERIAL)}
validate_image = UploadValidator("bild")
validate_document = UploadValidator("dokument")
validate_video = UploadValidator("film")
validate_captions = UploadValidator("textning")
validate_transcript = UploadValidator("transkription")
validate_material = UploadValidator("fil")


@deconstructible
class UploadTo:
    """A generated storage name: '<folder>/2026/<random>.<ext>'. The visitor's file name
    never becomes a path, so '../' and odd characters cannot reach the disk."""

    def __init__(self, folder: str, field: str | None = None):
        self.folder = folder
        self.field = field

    def __eq__(self, other):
        return isinstance(other, UploadTo) and (other.folder, other.field) == (
            self.folder,
            self.field,
        )

    def __call__(self, instance, filename):
        # The extension comes from the content when the field is named, else the name.
        detected = None
        if self.field:
            fieldfile = getattr(instance, self.field, None)
            try:
                file = fieldfile.file if fieldfile is not None else None
            except (ValueError, AttributeError):  # FieldFile.save() before a file is bound
                file = None
            if file is not None:
                detected = sniff(file)
        if detected is not None:
            extension = detected.extension
        else:
            extension = os.path.splitext(filename)[1].lower().lstrip(".")
            extension = "".join(c for c in extension if c.isalnum())[:5] or "bin"
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


def _kept(fieldfile, what: str, read):
    """What `read()` says about a stored file, asked of the storage once and then kept in
    the cache: with S3 each ask is a request, and a page lists many files and images.
    Stored names are new for every upload (UploadTo), so the answer never changes."""
    key = f"uploads:{what}:" + hashlib.sha256(fieldfile.name.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, None)
    return value


def describe(fieldfile) -> str:
    """'pdf, 120 kB' for a stored file; '' when it is missing."""
    if not fieldfile:
        return ""
    try:
        size = _kept(fieldfile, "size", lambda: fieldfile.size)
    except OSError:
        return ""
    extension = os.path.splitext(fieldfile.name)[1].lower().lstrip(".")
    return f"{LABELS.get(extension, extension)}, {file_size(size)}"


def dimensions(image) -> tuple[int, int]:
    """(width, height) of a stored image; OSError or ValueError when it cannot be read."""
    return _kept(image, "dimensions", lambda: (image.width, image.height))


class CheckedImageFormField(forms.ImageField):
    """Form field for image uploads: the site's validator runs before Pillow decodes.

    Django's ImageField opens the upload with Pillow first and answers any failure,
    decompression bombs included, with a generic "not a valid image". Running our check
    first gives editors the precise reason (type, size, pixel count).
    """

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image(data)
        return super().to_python(data)


class CheckedImageField(models.ImageField):
    """An image upload for a model: validate_image on the model, and in every form (admin
    included) the check runs before Pillow decodes, with the precise reason when it fails."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})


def download_response(fieldfile, title):
    """A stored upload as a download named after its title: never displayed inline, never
    sniffed. A file gone from the storage is a 404."""
    from django.http import FileResponse, Http404

    extension = os.path.splitext(fieldfile.name)[1].lower()
    try:
        handle = fieldfile.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=f"{title}{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
