"""{% picture %}: responsive renditions of an uploaded image."""

from django import template
from django.template.loader import render_to_string

from forvaltningskultur.images import WIDTHS, renditions
from forvaltningskultur.uploads import dimensions

register = template.Library()


@register.simple_tag
def picture(image, alt="", sizes="100vw", max_width=None, lazy=True, css_class=""):
    """<picture> with WebP and JPEG srcsets. alt='' for decorative images."""
    if not image:
        return ""
    try:
        widths = [w for w in WIDTHS if not max_width or w <= int(max_width) * 2]
        items = renditions(image, widths)
        original_width, original_height = dimensions(image)
    except (OSError, ValueError):
        return ""
    largest = items[-1][0]
    display_width = min(int(max_width or largest), largest)
    context = {
        "alt": alt,
        "sizes": sizes,
        "webp_srcset": ", ".join(f"{url} {w}w" for w, url, _ in items),
        "jpeg_srcset": ", ".join(f"{url} {w}w" for w, _, url in items),
        "src": items[-1][2],
        "width": display_width,
        "height": round(display_width * original_height / original_width),
        "lazy": lazy,
        "css_class": css_class,
    }
    return render_to_string("includes/picture.html", context)
