"""The public form that offers material (`/dela-material/`). Protected as the sign-up
forms are: honeypot and fill time (registration.forms), client limits
(registration.ratelimit), the cross-site check (crossorigin.public_form), the body cap
(middleware, settings.PUBLIC_UPLOAD_REQUEST_BYTES) and files checked by their content
(uploads.validate_material)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dilemmas.models import Theme
from forvaltningskultur.registration.forms import MAX_LENGTH, PublicForm, email_field, text_field
from forvaltningskultur.uploads import validate_material

from .models import Agency, Kind, Licence

MAX_FILES = 3


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt,.pptx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Skicka högst %(max)d filer. Fler kan du länka till i fältet Länkar.")
                % {"max": MAX_FILES}
            )
        errors = []
        for file in files:
            try:
                validate_material(file)
            except ValidationError as error:
                errors += [f"{file.name}: {message}" for message in error.messages]
        if errors:
            raise ValidationError(errors)
        return files


class SubmissionForm(PublicForm):
    agency = forms.ModelChoiceField(
        label=_("Myndighet"),
        queryset=Agency.objects.all(),
        required=False,
        empty_label=_("Välj myndighet"),
        error_messages={"invalid_choice": _("Välj en myndighet i listan.")},
    )
    agency_name = text_field(
        _("Myndigheten finns inte i listan (frivilligt)"),
        200,
        required=False,
        help_text=_("Skriv myndighetens namn om den saknas i listan ovan."),
        autocomplete="organization",
    )
    title = text_field(_("Materialets titel"), 200, missing=_("Skriv materialets titel."))
    kind = forms.ChoiceField(
        label=_("Typ av material"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vilken typ av material det är.")},
    )
    description = text_field(
        _("Kort beskrivning"),
        2000,
        missing=_("Beskriv kort vad materialet är och hur ni använder det."),
        help_text=_(
            "Med era egna ord: vad materialet är, hur ni har använt det och för vem. Högst 2 000 tecken."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )
    year = forms.IntegerField(
        label=_("År"),
        help_text=_("Året då materialet togs fram eller senast uppdaterades."),
        error_messages={
            "required": _("Skriv vilket år materialet är från."),
            "invalid": _("Skriv året med fyra siffror, till exempel 2025."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    files = MultipleFileField(
        label=_("Filer (frivilligt)"),
        required=False,
        help_text=_("PDF, DOCX, ODT eller PPTX, högst 10 MB per fil och högst tre filer."),
    )
    links = forms.CharField(
        label=_("Länkar (frivilligt)"),
        required=False,
        max_length=2000,
        help_text=_("Adresser till materialet på myndighetens webbplats, en per rad."),
        error_messages={"max_length": MAX_LENGTH},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Föreslagna teman (frivilligt)"),
        queryset=Theme.objects.filter(parent__isnull=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    licence = forms.ChoiceField(
        label=_("Licens"),
        choices=Licence.choices,
        widget=forms.RadioSelect,
        help_text=_("Hur andra får använda materialet. Vi rekommenderar CC BY 4.0."),
        error_messages={"required": _("Välj under vilken licens materialet får delas.")},
    )
    contact_email = email_field(
        _("Kontakt hos myndigheten"),
        help_text=_("En funktionsbrevlåda som visas vid materialet, inte en persons adress."),
        missing=_("Skriv en funktionsbrevlåda dit andra kan vända sig med frågor."),
    )
    submitter_name = text_field(
        _("Ditt namn"), 200, autocomplete="name", missing=_("Skriv ditt namn.")
    )
    submitter_email = email_field(
        _("Din e-postadress i tjänsten"),
        help_text=_("Hit skickar vi en länk som du bekräftar bidraget med."),
        missing=_("Skriv din e-postadress i tjänsten."),
        autocomplete="email",
    )
    may_share = forms.BooleanField(
        label=_("Jag intygar att myndigheten får dela materialet och att det får publiceras här."),
        error_messages={"required": _("Intyga att myndigheten får dela materialet.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_layout()

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1990 <= year <= timezone.now().year + 1:
            raise ValidationError(_("Skriv ett årtal mellan 1990 och i år."))
        return year

    def clean_links(self):
        validate = URLValidator(schemes=["https", "http"])
        links = []
        for line in self.cleaned_data["links"].splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _("”%(link)s” är ingen webbadress. Skriv hela adressen, med https://.")
                    % {"link": line[:80]}
                ) from None
            links.append(line)
        return links

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("agency")
            and not cleaned.get("agency_name")
            and "agency" not in self.errors
        ):
            self.add_error(
                "agency", _("Välj myndigheten i listan, eller skriv dess namn i fältet under.")
            )
        has_errors = "files" in self.errors or "links" in self.errors
        if not has_errors and not cleaned.get("files") and not cleaned.get("links"):
            self.add_error(
                "files", _("Ladda upp minst en fil eller skriv en länk till materialet.")
            )
        for name in ("title", "agency_name", "submitter_name"):
            value = cleaned.get(name)
            if value and any(ord(char) < 32 for char in value):
                self.add_error(name, _("Ta bort radbrytningar och andra osynliga tecken."))
        return cleaned
