"""Images: alt-text rules and resized renditions (WebP with a JPEG fallback).

The original upload is never served. `{% picture obj.image alt=obj.image_alt %}` renders a
<picture> with WebP and JPEG `srcset`s made by django-imagekit, and width and height set
from the original's proportions so the layout does not jump.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from imagekit import ImageSpec
from imagekit.cachefiles import ImageCacheFile
from pilkit.processors import ResizeToFit, Transpose

from .uploads import dimensions

WIDTHS = (320, 640, 960, 1280)


class _Rendition(ImageSpec):
    options = {"quality": 82}

    def __init__(self, source, width, fmt):
        self.processors = [Transpose(), ResizeToFit(width=width, upscale=False)]
        self.format = fmt
        if fmt == "JPEG":
            self.options = {"quality": 82, "progressive": True}
        super().__init__(source=source)


def rendition_url(image, width: int, fmt: str = "WEBP") -> str:
    """URL of `image` resized to `width` in `fmt`, generated on first use and then stored."""
    cache_file = ImageCacheFile(_Rendition(source=image, width=width, fmt=fmt))
    cache_file.generate()
    return cache_file.url


def renditions(image, widths=WIDTHS):
    """[(width, webp_url, jpeg_url)] for the widths that do not upscale the original."""
    original_width, _height = dimensions(image)
    usable = [w for w in widths if w <= original_width] or [original_width]
    return [(w, rendition_url(image, w, "WEBP"), rendition_url(image, w, "JPEG")) for w in usable]


def require_alt_text(image, alt: str, decorative: bool, field="image_alt"):
    """Model.clean() helper: an informative image needs alt text; a decorative one has none."""
    if image and not decorative and not (alt or "").strip():
        raise ValidationError(
            {
                field: _(
                    "Skriv en alternativtext som beskriver bilden, eller markera den som dekorativ."
                )
            }
        )
