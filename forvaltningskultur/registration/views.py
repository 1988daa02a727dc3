"""Sign-up handling for event pages, and the registrant's own page `/anmalan/<token>/`."""

from dataclasses import dataclass
from functools import cached_property

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import ics, ratelimit, services
from .forms import RegistrationForm
from .models import RegistrationStatus, SignupState
from .tokens import find_registration, registrant_path

EVENT_FIELD = (
    "anmalan_for"  # hidden input: which event a form belongs to (course pages have several)
)


@dataclass
class SignupPanel:
    """Everything `registration/signup.html` needs for one event."""

    event: object
    form: RegistrationForm | None
    thanks: bool = False
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


def thanks_url(event) -> str:
    # An event's URL may end in a fragment (a course occasion's place on its course page).
    page = event.get_absolute_url().partition("#")[0]
    return f"{page}?anmald={event.pk}#{signup_anchor(event)}"


def signup_panel(request, event) -> SignupPanel:
    """The panel for a GET (or for an event other than the one just posted to). The form
    only where `handle_signup` would take it: staff previewing an event that is not
    public see the state without a form."""
    panel = SignupPanel(event=event, form=None, thanks=request.GET.get("anmald") == str(event.pk))
    if panel.state in (SignupState.OPEN, SignupState.WAITLIST) and not panel.is_preview:
        panel.form = RegistrationForm(event=event, prefix=event.signup_prefix)
    return panel


def handle_signup(request, event) -> SignupOutcome:
    """Process a POSTed sign-up for `event`. The caller's view renders `outcome.panel`
    with `outcome.status`, or returns `outcome.response` (a redirect) when there is one.
    An event the public may not see is a 404 here: callers need not check it again."""
    if not event.is_open_to_public():
        raise Http404
    if not event.accepts_signups:
        state = event.signup_state()
        return SignupOutcome(
            SignupPanel(event, None, error=services.SignupClosedError(state).message), status=409
        )
    form = RegistrationForm(request.POST, event=event, prefix=event.signup_prefix)
    if form.is_spam:
        # Answer as if it worked; a bot learns nothing, nothing is saved.
        return SignupOutcome(SignupPanel(event, None), HttpResponseRedirect(thanks_url(event)))
    if not form.is_valid():
        return SignupOutcome(SignupPanel(event, form), status=400)
    if not ratelimit.allow_signup(request, form.cleaned_data["email"]):
        form.add_error(
            None,
            _(
                "Det har kommit många anmälningar härifrån på kort tid. Vänta en stund och försök igen."
            ),
        )
        return SignupOutcome(SignupPanel(event, form), status=429)
    try:
        services.register(event, form.cleaned_data)
    except services.SignupClosedError as closed:
        return SignupOutcome(SignupPanel(event, None, error=closed.message), status=409)
    return SignupOutcome(SignupPanel(event, None), HttpResponseRedirect(thanks_url(event)))


# --- the registrant's own page ----------------------------------------------------


def _registration_or_404(token):
    registration = find_registration(token)
    if registration is None:
        raise Http404
    return registration


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def registrant_detail(request, token):
    registration = _registration_or_404(token)
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "has_seat": registration.status == RegistrationStatus.CONFIRMED,
        "can_cancel": registration.is_active and event.starts_at > timezone.now(),
        "just_cancelled": request.GET.get("avbokad") == "1",
        "needs_withdrawn": request.GET.get("behov") == "raderade",
        "token": token,
    }
    return _private(render(request, "registration/registrant.html", context))


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
