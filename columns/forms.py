"""Admin form field for portraits: our upload check runs before Pillow decodes anything."""

from django import forms

from forvaltningskultur.uploads import validate_image


class CheckedImageField(forms.ImageField):
    """Django's ImageField opens the upload with Pillow first and answers any failure,
    decompression bombs included, with a generic "not a valid image". Running the site's
    validator first gives editors the precise reason (type, size, pixel count)."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image(data)
        return super().to_python(data)
