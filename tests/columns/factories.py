"""Small builders for writers, columns and test images."""

import datetime as dt
import io
import struct
import zlib
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from columns.models import Author, Column
from forvaltningskultur.publishing import Status

_serial = count(1)


def jpeg_bytes(size=(800, 1000), colour=(0, 61, 115)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


def make_author(portrait: bool = False, **fields) -> Author:
    n = next(_serial)
    values = {
        "name": f"Skribent Nummer{n}",
        "slug": f"skribent-{n}",
        "role": "generaldirektör",
        "organisation": "Exempelmyndigheten",
    }
    values.update(fields)
    author = Author(**values)
    if portrait:
        author.portrait = ContentFile(jpeg_bytes(), name="portratt.jpg")
        author.portrait_alt = author.portrait_alt or f"Porträtt av {author.name}"
    author.full_clean()
    author.save()
    return author


def make_column(author=None, days_ago: float = 1, status=Status.PUBLISHED, **fields) -> Column:
    n = next(_serial)
    values = {
        "title": f"Krönika nummer {n}",
        "slug": f"kronika-{n}",
        "introduction": f"Ingressen till krönika nummer {n}.",
        "body": f"<p>Brödtexten i krönika nummer {n}.</p>",
        "author": author or make_author(),
        "status": status,
        "publish_at": timezone.now() - dt.timedelta(days=days_ago),
    }
    values.update(fields)
    return Column.objects.create(**values)
