"""Sign-up handling for event pages, and the registrant's own page `/anmalan/<token>/`."""

import logging
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.db import OperationalError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forvaltningskultur.crossorigin import public_form
from forvaltningskultur.middleware import database_busy

from . import ics, ratelimit, services
from .forms import RegistrationForm
from .models import RegistrationStatus, SignupState
from .tokens import find_registration, registrant_path

logger = logging.getLogger(__name__)

# Which event a sign-up is for: a hidden input on an event's own page, the radio group
# of a course's one form (forms.ChoiceOfEventsForm).
EVENT_FIELD = "anmalan_for"


@dataclass
class SignupPanel:
    """Everything `registration/signup.html` needs for one event."""

    event: object
    form: RegistrationForm | None
    thanks: bool = False
    already: bool = False  # the address was signed up before: its link was sent again
    error: str = ""

    @cached_property
    def state(self):
        # The template asks many times; the state (and its seat count) is worked out once.
        return self.event.signup_state()

    @property
    def anchor(self) -> str:
        return signup_anchor(self.event)

    @property
    def is_waitlist(self) -> bool:
        return self.state == SignupState.WAITLIST

    @property
    def is_preview(self) -> bool:
        """Staff previewing an event the public cannot see: no form, which would refuse them."""
        return not self.event.is_open_to_public()


@dataclass
class SignupOutcome:
    panel: SignupPanel
    response: HttpResponseRedirect | None = None
    status: int = 200


def signup_anchor(event) -> str:
    """The id of the event's sign-up section: the thanks redirect lands there."""
    return f"anmalan-{event.pk}"


# The query parameters an event's page reads (the page cache keys it by them alone).
SIGNUP_QUERY = ("anmald", "redan")


def thanks_url(event, *, already=False) -> str:
    # An event's URL may end in a fragment (a course occasion's place on its course page).
    page = event.get_absolute_url().partition("#")[0]
    again = "&redan=1" if already else ""
    return f"{page}?anmald={event.pk}{again}#{signup_anchor(event)}"


def signup_panel(request, event) -> SignupPanel:
    """The panel for a GET (or for an event other than the one just posted to). The form
    only where `handle_signup` would take it: staff previewing an event that is not
    public see the state without a form."""
    thanks = request.GET.get("anmald") == str(event.pk)
    panel = SignupPanel(
        event=event, form=None, thanks=thanks, already=thanks and request.GET.get("redan") == "1"
    )
    if panel.state in (SignupState.OPEN, SignupState.WAITLIST) and not panel.is_preview:
        panel.form = RegistrationForm(event=event)
    return panel


BUSY = _(
    "Just nu är det många som anmäler sig samtidigt, och anmälan kunde inte sparas. "
    "Vänta en stund och skicka igen: det du har skrivit finns kvar."
)
TOO_MANY = _(
    "Det har kommit många anmälningar härifrån på kort tid. Vänta en stund och skicka "
    "igen: det du har skrivit finns kvar."
)
TOO_FAST = _("Formuläret skickades ovanligt snabbt. Kontrollera uppgifterna och skicka igen.")


def handle_signup(request, event, form=None) -> SignupOutcome:
    """Process a POSTed sign-up for `event`: the page's `form`, bound to the POST, when
    the caller built it (a course page's one form, which also chose the event), else the
    event's own RegistrationForm. The caller's view renders `outcome.panel`
    with `outcome.status`, or returns `outcome.response` (a redirect) when there is one.
    An event the public may not see is a 404 here: callers need not check it again.
    The caller's view is a `crossorigin.public_form`: a form from another site never
    gets here.

    A new registrant lands on their own page, which says whether they got a seat or a
    place in the queue, where the mail goes, and is their link; an address already
    signed up is told so on the event page (and sent its link again), nothing more."""
    if not event.is_open_to_public():
        raise Http404
    if not event.accepts_signups:
        state = event.signup_state()
        return SignupOutcome(
            SignupPanel(event, None, error=services.SignupClosedError(state).message), status=409
        )
    if form is None:
        form = RegistrationForm(request.POST, event=event)
    if form.is_spam:
        # Answer as if it worked; a bot learns nothing, nothing is saved.
        return SignupOutcome(SignupPanel(event, None), HttpResponseRedirect(thanks_url(event)))
    if not form.is_valid():
        return SignupOutcome(SignupPanel(event, form), status=400)
    refusal = None
    if form.too_fast:
        refusal = (TOO_FAST, 400)
    else:
        try:
            # One write lock for the count and the sign-up (when the limits live in the
            # database): a locked database costs the visitor one timeout, not several.
            with transaction.atomic():
                if not ratelimit.allow_signup(request, form.cleaned_data["email"]):
                    refusal = (TOO_MANY, 429)
                else:
                    result = services.register(event, form.cleaned_data)
        except services.SignupClosedError as closed:
            return SignupOutcome(SignupPanel(event, None, error=closed.message), status=409)
        except OperationalError as error:
            if not database_busy(error):
                raise
            # The database was locked or slow past its timeout (settings.DB_LOCK_TIMEOUT).
            logger.warning("Anmälan kunde inte sparas: databasen svarade inte i tid")
            refusal = (BUSY, 503)
    if refusal:
        message, status = refusal
        form.add_error(None, message)
        form.fresh_start()
        return SignupOutcome(SignupPanel(event, form), status=status)
    if not result.created:
        return SignupOutcome(
            SignupPanel(event, None), HttpResponseRedirect(thanks_url(event, already=True))
        )
    page = registrant_path(result.registration) + "?ny=1"
    return SignupOutcome(SignupPanel(event, None), HttpResponseRedirect(page))


# --- the registrant's own page ----------------------------------------------------


def _registration_or_404(token):
    registration = find_registration(token)
    if registration is None:
        raise Http404
    return registration


def _registrant_page_of(request, token):
    """Where a refused form of the registrant's page links back to."""
    return reverse("registration:detail", kwargs={"token": token})


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class EmailForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": _("Skriv din e-postadress."),
            "invalid": _("Skriv e-postadressen i formatet namn@myndighet.se."),
            "max_length": _("Skriv högst %(limit_value)d tecken (du skrev %(show_value)d)."),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def registrant_detail(request, token):
    return _registrant_page(request, token)


def _registrant_page(request, token, email_form=None, status=200):
    registration = _registration_or_404(token)
    event = registration.event
    context = {
        "just_signed_up": request.GET.get("ny") == "1",
        "email_changed": request.GET.get("epost") == "ny",
        "email_form": email_form or EmailForm(),
        "registration": registration,
        "event": event,
        "has_seat": registration.status == RegistrationStatus.CONFIRMED,
        "can_cancel": registration.is_active and event.starts_at > timezone.now(),
        "just_cancelled": request.GET.get("avbokad") == "1",
        "needs_withdrawn": request.GET.get("behov") == "raderade",
        "token": token,
    }
    return _private(render(request, "registration/registrant.html", context, status=status))


@public_form
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registrant_cancel(request, token):
    registration = _registration_or_404(token)
    event = registration.event
    detail = registrant_path(registration)
    if not registration.is_active:
        return HttpResponseRedirect(detail)
    if event.starts_at <= timezone.now():
        return HttpResponseRedirect(detail)
    if request.method == "POST":
        services.cancel(registration)
        return _private(HttpResponseRedirect(f"{detail}?avbokad=1"))
    context = {"registration": registration, "event": event, "token": token}
    return _private(render(request, "registration/registrant_cancel.html", context))


@public_form(back=_registrant_page_of)
@never_cache
@require_http_methods(["POST"])
def registrant_change_email(request, token):
    """A mistyped address, corrected by the registrant: the confirmation goes again."""
    registration = _registration_or_404(token)
    form = EmailForm(request.POST)
    if not registration.is_active:
        return HttpResponseRedirect(registrant_path(registration))
    if not form.is_valid():
        return _registrant_page(request, token, email_form=form, status=400)
    email = form.cleaned_data["email"].strip()
    if not ratelimit.allow_signup(request, email):
        form.add_error("email", TOO_MANY)
        return _registrant_page(request, token, email_form=form, status=429)
    services.change_email(registration, email)
    return _private(HttpResponseRedirect(f"{registrant_path(registration)}?epost=ny"))


@public_form(back=_registrant_page_of)
@never_cache
@require_http_methods(["POST"])
def registrant_withdraw_consent(request, token):
    """Needs and diet deleted at once, on the registrant's word (GDPR art. 7.3)."""
    registration = _registration_or_404(token)
    services.withdraw_consent(registration)
    return _private(HttpResponseRedirect(f"{registrant_path(registration)}?behov=raderade"))


@never_cache
@require_http_methods(["GET", "HEAD"])
def registrant_calendar(request, token):
    """The registrant's own calendar file: with the joining link when they have a seat."""
    registration = _registration_or_404(token)
    private = registration.status == RegistrationStatus.CONFIRMED
    calendar = ics.calendar_for([registration.event], private=private)
    return _private(ics.ics_response(calendar, "anmalan.ics"))
