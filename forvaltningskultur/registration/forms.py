"""The one sign-up form, for seminars and course occasions alike; on a course's page it
begins with a choice of occasion (`ChoiceOfEventsForm`)."""

import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

_STARTED = signing.Signer(salt="forvaltningskultur.registration.started")


def started_stamp(at: float | None = None) -> str:
    """When the form was shown, signed: a sign-up posted sooner than a person could fill
    it in is a script's. (On a cached page the stamp is the page's: older, never newer.)"""
    milliseconds = int((at if at is not None else time.time()) * 1000)
    return _STARTED.sign(str(milliseconds))


def seconds_since(stamp: str) -> float | None:
    try:
        return time.time() - int(_STARTED.unsign(stamp)) / 1000
    except (signing.BadSignature, ValueError):
        return None


MAX_LENGTH = _("Skriv högst %(limit_value)d tecken (du skrev %(show_value)d).")


def text_field(
    label, max_length, *, required=True, autocomplete="off", help_text="", missing="", widget=None
):
    """A text field of a public form, with its Swedish messages."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={"required": missing, "max_length": MAX_LENGTH},
        widget=widget or forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def email_field(label, *, missing, help_text="", autocomplete=None):
    """An e-mail address field of a public form, with its Swedish messages."""
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    return forms.EmailField(
        label=label,
        max_length=254,
        help_text=help_text,
        error_messages={
            "required": missing,
            "invalid": _("Skriv e-postadressen i formatet namn@myndighet.se."),
            "max_length": MAX_LENGTH,
        },
        widget=forms.EmailInput(attrs=attrs),
    )


def _area(label, max_length, help_text):
    field = text_field(label, max_length, required=False, help_text=help_text)
    field.widget = forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "maxlength": max_length})
    return field


class PublicForm(forms.Form):
    """A form for visitors, without an account: the honeypot and the fill-time stamp
    that the sign-up forms and the material submission share, no browser bubbles, and
    crispy's layout of every field but those two (the template draws them)."""

    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (and screen readers); bots fill it in.
    website = forms.CharField(
        label=_("Lämna det här fältet tomt"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # Fields the template draws itself rather than crispy's layout.
    drawn_by_template = ("website", "started")

    def prepare_layout(self):
        """Call at the end of __init__, once the form's fields are final."""
        for field in self.fields.values():
            # No browser bubbles: the error summary and the messages by the fields say it.
            field.widget.attrs.pop("required", None)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(Field(name) for name in self.fields if name not in self.drawn_by_template),
        )
        if not self.is_bound:
            self.initial["started"] = started_stamp()

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))

    @property
    def too_fast(self) -> bool:
        """Posted sooner than REGISTRATION_MIN_FILL_SECONDS after it was shown."""
        minimum = settings.REGISTRATION_MIN_FILL_SECONDS
        if minimum <= 0:
            return False
        elapsed = seconds_since(self.data.get(self.add_prefix("started"), ""))
        return elapsed is None or elapsed < minimum

    def fresh_start(self):
        """Shown again after an error: the fill time starts anew."""
        data = self.data.copy()
        data[self.add_prefix("started")] = started_stamp()
        self.data = data


class RegistrationForm(PublicForm):
    name = text_field(_("Namn"), 200, autocomplete="name", missing=_("Skriv ditt namn."))
    email = email_field(
        _("E-postadress"),
        help_text=_("Hit skickar vi bekräftelsen och länken där du kan avboka."),
        missing=_("Skriv din e-postadress."),
        autocomplete="email",
    )
    organisation = text_field(
        _("Organisation"),
        200,
        autocomplete="organization",
        missing=_("Skriv vilken myndighet eller organisation du kommer från."),
    )
    role = text_field(
        _("Roll (frivilligt)"), 200, required=False, autocomplete="organization-title"
    )
    accessibility_needs = _area(
        _("Behov av anpassning (frivilligt)"),
        1000,
        _(
            "Till exempel hörslinga, teckenspråkstolk eller tillgänglig entré. Raderas efter evenemanget."
        ),
    )
    dietary_needs = _area(
        _("Specialkost (frivilligt)"),
        500,
        _("Allergier eller annan kost. Raderas efter evenemanget."),
    )
    # Needs and diet are health-type data (GDPR art. 9): kept only with explicit consent,
    # asked for with a box that is not ticked beforehand.
    needs_consent = forms.BooleanField(
        label=_(
            "Jag samtycker till att Statskontoret sparar mina uppgifter om anpassning och kost "
            "för att ordna det jag behöver. Uppgifterna raderas efter evenemanget, och jag kan "
            "ta tillbaka samtycket på min anmälningssida."
        ),
        required=False,
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if self.without_diet():
            del self.fields["dietary_needs"]
        self.prepare_layout()

    def without_diet(self) -> bool:
        """No question about diet where nobody eats together: online."""
        return self.event.is_online

    def clean(self):
        cleaned = super().clean()
        gives_needs = cleaned.get("accessibility_needs") or cleaned.get("dietary_needs")
        if gives_needs and not cleaned.get("needs_consent"):
            self.add_error(
                "needs_consent",
                _(
                    "Kryssa i rutan om du vill att vi sparar uppgifterna om anpassning och "
                    "kost, eller lämna de fälten tomma."
                ),
            )
        for name in ("name", "organisation", "role"):
            value = cleaned.get(name)
            if value and any(ord(char) < 32 for char in value):
                self.add_error(name, _("Ta bort radbrytningar och andra osynliga tecken."))
        return cleaned


class EventRadios(forms.RadioSelect):
    """The template draws the radios (each option says more than a label); the error
    summary's link for the group leads to its first option that can be chosen."""

    first = None

    def id_for_label(self, id_, index=None):
        return f"{id_}_{self.first}" if id_ and self.first is not None else ""


class ChoiceOfEventsForm(RegistrationForm):
    """One sign-up form for several events on one page (a course's occasions): the
    person chooses one in a radio group, then fills in the same fields as anywhere.
    `events` are the events the page shows, in order; those that take no sign-ups are
    shown but cannot be chosen (`choosable`). A value that is not one of `events` is
    the caller's to refuse (views: 404); leaving the choice empty is the person's error.
    `event` is the chosen event once the caller knows it: a POST for it."""

    anmalan_for = forms.TypedChoiceField(
        label=_("Kurstillfälle"),
        coerce=int,
        empty_value=None,
        widget=EventRadios,
        error_messages={
            "required": _("Välj vilket kurstillfälle du vill anmäla dig till."),
            "invalid_choice": _("Välj ett av kurstillfällena i listan."),
        },
    )
    drawn_by_template = ("anmalan_for", *RegistrationForm.drawn_by_template)

    def __init__(self, *args, events, event=None, **kwargs):
        self.events = list(events)
        self.choosable = [e for e in self.events if e.accepts_signups]
        super().__init__(*args, event=event, **kwargs)
        field = self.fields["anmalan_for"]
        field.choices = [(e.pk, str(e.pk)) for e in self.events]
        field.widget.first = self.choosable[0].pk if self.choosable else None
        # The choice first: the error summary lists the errors in the fields' order.
        self.order_fields(["anmalan_for"])

    def without_diet(self) -> bool:
        # Which event is chosen may change when the form is shown again: the question
        # stays while any of them meets in a room (services.register drops the answer
        # for an online event).
        return all(e.is_online for e in self.choosable or self.events)

    @property
    def chosen_pk(self):
        """The pk the person chose (as posted), for the radio shown checked again."""
        value = self.data.get(self.add_prefix("anmalan_for")) if self.is_bound else None
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
