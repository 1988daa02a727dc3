"""Abstract models of the sign-up engine: a signable event and one registration for it."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forvaltningskultur import pagecache
from forvaltningskultur.fields import URLField


class SignupState(models.TextChoices):
    OPEN = "open", _("Platser kvar")
    WAITLIST = "waitlist", _("Fullbokat – väntelista")
    CLOSED = "closed", _("Anmälan stängd")
    CANCELLED = "cancelled", _("Inställt")
    EXTERNAL = "external", _("Anmälan hos arrangören")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Anmäld")
    WAITLIST = "waitlist", _("Väntelista")
    CANCELLED = "cancelled", _("Avbokad")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Inte skickat")
    SENT = "sent", _("Skickat")
    FAILED = "failed", _("Misslyckades")


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLIST)


class RegistrableEventQuerySet(models.QuerySet):
    def with_registration_counts(self):
        """Annotate n_confirmed, n_waitlist and n_cancelled: one query for a whole list."""
        return self.annotate(
            n_confirmed=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            n_waitlist=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLIST)
            ),
            n_cancelled=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CANCELLED)
            ),
        )

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


@dataclass(frozen=True)
class ExternalSignup:
    """Where to sign up when a partner organiser takes the sign-ups."""

    url: str
    organiser: str


# Changes to these fields make calendars show the event anew: SEQUENCE is raised. The
# joining link is in the calendar entries of those with a seat, so a new link is one too.
SCHEDULE_FIELDS = (
    "starts_at", "ends_at", "is_cancelled", "is_online", "venue", "address", "online_url",
)  # fmt: skip


class RegistrableEvent(models.Model):
    """Abstract: anything people sign up for. Concrete models add their own content.

    The engine's small interface, overridable by subclasses:
    `event_title()`, `get_absolute_url()`, `is_open_to_public()`, `is_filmed`,
    `event_noun`, `get_calendar_url()`, `external_signup()`.
    """

    starts_at = models.DateTimeField(_("börjar"), help_text=_("Datum och tid (svensk tid)."))
    ends_at = models.DateTimeField(_("slutar"))
    is_online = models.BooleanField(
        _("digitalt"),
        default=False,
        help_text=_("Kryssa i om evenemanget sker på distans i stället för på en plats."),
    )
    venue = models.CharField(
        _("plats"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel ”Statskontoret, lokal Ljuset”."),
    )
    address = models.CharField(_("adress"), max_length=300, blank=True)
    online_url = URLField(
        _("länk för att ansluta"),
        blank=True,
        help_text=_(
            "Skickas bara till anmälda (i bekräftelsen och på deras anmälningssida), "
            "visas aldrig på den öppna sidan."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("antal platser"),
        default=50,
        help_text=_("Därefter hamnar nya anmälningar på väntelista."),
    )
    signup_opens_at = models.DateTimeField(
        _("anmälan öppnar"),
        null=True,
        blank=True,
        help_text=_("Tomt: öppen direkt vid publicering."),
    )
    signup_closes_at = models.DateTimeField(
        _("anmälan stänger"),
        null=True,
        blank=True,
        help_text=_("Tomt: anmälan stänger när evenemanget börjar."),
    )
    is_cancelled = models.BooleanField(
        _("inställt"),
        default=False,
        help_text=_("Ett inställt evenemang syns kvar med ”Inställt”."),
    )
    sends_reminder = models.BooleanField(
        _("skicka påminnelse"),
        default=True,
        help_text=_("Anmälda med plats får ett mejl med tid, plats och avbokningslänk."),
    )
    reminder_at = models.DateTimeField(
        _("påminnelsen skickas"),
        null=True,
        blank=True,
        help_text=_(
            "Tomt: två arbetsdagar (måndag–fredag) före starten, samma klockslag. "
            "Helgdagar räknas inte bort."
        ),
    )
    ics_sequence = models.PositiveIntegerField(
        _("kalenderversion"),
        default=0,
        editable=False,
        help_text=_("Räknas upp när tid, plats eller status ändras, så att kalendrar uppdateras."),
    )

    objects = RegistrableEventQuerySet.as_manager()

    # Whether the sign-up form says that the event is filmed and published.
    is_filmed = False
    # The definite noun used in forms and mails: "seminariet", "kurstillfället".
    event_noun = _("evenemanget")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_schedule", None)
        if loaded is not None and loaded != self._schedule():
            self.ics_sequence += 1
        super().save(*args, **kwargs)
        self._loaded_schedule = self._schedule()

    # --- the interface -------------------------------------------------------

    def event_title(self) -> str:
        return str(self)

    def get_calendar_url(self) -> str | None:
        """The public .ics of this event, if the app has one."""
        return None

    def is_open_to_public(self) -> bool:
        """Whether the public may see (and so sign up for) this event."""
        return getattr(self, "is_published", True)

    def external_signup(self) -> ExternalSignup | None:
        """Another organiser takes the sign-ups on their own site: no form of ours."""
        return None

    @classmethod
    def with_film_out(cls, now):
        """Events whose film the public can see by `now`, and whose registrants are to be
        told so once (registration/scheduled.py). None here: only seminars are filmed."""
        return cls._default_manager.none()

    def films_to_mail(self) -> list:
        """The films of this event that the public can see, for the film mail."""
        return []

    # --- schedule ------------------------------------------------------------

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_schedule = instance._schedule()
        return instance

    def _schedule(self):
        return tuple(getattr(self, name, None) for name in SCHEDULE_FIELDS)

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Sluttiden måste vara efter starttiden.")
        if self.signup_closes_at and self.starts_at and self.signup_closes_at > self.starts_at:
            errors["signup_closes_at"] = _("Anmälan kan inte stänga efter att evenemanget börjat.")
        if (
            self.signup_opens_at
            and self.signup_closes_at
            and self.signup_opens_at >= self.signup_closes_at
        ):
            errors["signup_opens_at"] = _("Anmälan måste öppna innan den stänger.")
        if self.reminder_at and self.starts_at and self.reminder_at >= self.starts_at:
            errors["reminder_at"] = _("Påminnelsen måste skickas innan evenemanget börjar.")
        if self.is_online and not self.online_url:
            errors["online_url"] = _("Ange länken som anmälda ska använda för att ansluta.")
        if not self.is_online and not self.venue:
            errors["venue"] = _("Ange en plats, eller kryssa i ”digitalt”.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def signup_deadline(self):
        """When sign-up closes: the closing time, but never later than the start."""
        if self.signup_closes_at:
            return min(self.signup_closes_at, self.starts_at)
        return self.starts_at

    @property
    def reminder_time(self):
        """When the reminder goes: the time set, or two working days before the start."""
        return self.reminder_at or default_reminder_time(self.starts_at)

    @property
    def place(self) -> str:
        if self.is_online:
            return str(_("Digitalt"))
        return ", ".join(part for part in (self.venue, self.address) if part)

    def search_when_and_where(self) -> str:
        """For the site search: "onsdagen den 9 december 2026 kl. 13.00–14.30,
        Statskontoret, Stockholm", so a weekday, a month or a place finds the event."""
        from forvaltningskultur import dates

        when = dates.long_range(self.starts_at, self.ends_at).replace(dates.WORD_JOINER, "")
        parts = [when, self.place, str(_("inställt")) if self.is_cancelled else ""]
        return ", ".join(part for part in parts if part)

    # --- seats ---------------------------------------------------------------

    # A page that shows a count or whether the event is full tells the page cache so:
    # its entry is then served only while the count is the same (pagecache/state.py).

    def _count(self, status, annotation):
        value = getattr(self, annotation, None)
        if value is None:
            value = self.registrations.filter(status=status).count()
        return value

    @property
    def confirmed_count(self) -> int:
        count = self._count(RegistrationStatus.CONFIRMED, "n_confirmed")
        pagecache.depends_on(pagecache.seat_key(self, "confirmed"), count)
        return count

    @property
    def waitlist_count(self) -> int:
        count = self._count(RegistrationStatus.WAITLIST, "n_waitlist")
        pagecache.depends_on(pagecache.seat_key(self, "waitlist"), count)
        return count

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    def _is_full(self) -> bool:
        """Whether every seat is taken: all that a badge shows of the seats."""
        full = self._count(RegistrationStatus.CONFIRMED, "n_confirmed") >= self.capacity
        pagecache.depends_on(pagecache.seat_key(self, "full"), int(full))
        return full

    def signup_state(self, now=None) -> SignupState:
        now = now or timezone.now()
        if self.is_cancelled:
            return SignupState.CANCELLED
        if now >= self.signup_deadline or (self.signup_opens_at and now < self.signup_opens_at):
            return SignupState.CLOSED
        if self.external_signup():
            return SignupState.EXTERNAL
        if not self._is_full():
            return SignupState.OPEN
        return SignupState.WAITLIST

    @property
    def signup_not_yet_open(self) -> bool:
        return bool(self.signup_opens_at and timezone.now() < self.signup_opens_at)

    @property
    def accepts_signups(self) -> bool:
        return self.signup_state() in (SignupState.OPEN, SignupState.WAITLIST)


REMINDER_WORKING_DAYS = 2


def default_reminder_time(starts_at):
    """Two working days before the start, at the start's clock time (Swedish time).

    Working days are Monday to Friday only: Swedish public holidays (midsommar, jul …)
    are not handled, so a reminder may fall on one; staff can set the time by hand."""
    zone = timezone.get_default_timezone()
    local = timezone.localtime(starts_at, zone)
    day = local.date()
    remaining = REMINDER_WORKING_DAYS
    while remaining:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    # Built from the local date and clock, so a daylight-saving change in between keeps
    # the clock time (13.00 stays 13.00).
    return dt.datetime.combine(day, local.time(), tzinfo=zone)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _ahead_in_line(queryset, registration):
    """Waiting registrations of `registration`'s event that came before it."""
    return queryset.filter(
        event_id=registration["event_id"], status=RegistrationStatus.WAITLIST
    ).filter(
        Q(created_at__lt=registration["created_at"])
        | Q(created_at=registration["created_at"], pk__lt=registration["pk"])
    )


class RegistrationQuerySet(models.QuerySet):
    def with_waitlist_position(self):
        """Annotate n_waitlist_ahead (how many wait before each row): one query for a
        whole list or export instead of one per row."""
        outer = {name: OuterRef(name) for name in ("event_id", "created_at", "pk")}
        ahead = (
            _ahead_in_line(self.model._default_manager.all(), outer)
            .order_by()
            .values("event_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            n_waitlist_ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), 0)
        )


class RegistrationBase(models.Model):
    """Abstract: one person's sign-up. Concrete models add
    `event = models.ForeignKey(<RegistrableEvent>, related_name="registrations", ...)`."""

    # Personal data: only the Anmälningsansvarig role sees it (forvaltningskultur.roles).
    holds_personal_data = True

    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-postadress"), max_length=254, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("behov av anpassning"), max_length=1000, blank=True)
    dietary_needs = models.TextField(_("specialkost"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
        db_index=True,
    )
    token = models.CharField(
        _("nyckel"), max_length=64, unique=True, default=new_token, editable=False
    )
    attended = models.BooleanField(_("närvarade"), default=False)
    mail_status = models.CharField(
        _("bekräftelsemejl"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    mail_sent_at = models.DateTimeField(_("mejl skickat"), null=True, blank=True)
    created_at = models.DateTimeField(_("anmäld"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    cancelled_at = models.DateTimeField(_("avbokad"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("flyttad från väntelistan"), null=True, blank=True)
    needs_purged = models.BooleanField(_("kost och anpassning raderade"), default=False)
    # Markers of the worker's scheduled mails (registration/scheduled.py): set in the
    # transaction that puts the mail in the outbox, so each goes once.
    reminded_at = models.DateTimeField(_("påminnelse skickad"), null=True, blank=True)
    film_mailed_at = models.DateTimeField(_("mejl om filmen skickat"), null=True, blank=True)
    personal_data_purged = models.BooleanField(_("personuppgifter raderade"), default=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")

    def __str__(self):
        if self.personal_data_purged:
            return str(_("Anmälan %(pk)s (uppgifter raderade)")) % {"pk": self.pk}
        return self.name

    def forget_needs(self) -> list[str]:
        """Clear accessibility needs and diet (health-type data, kept only by consent and
        only while they serve the event). Returns the fields to save."""
        self.accessibility_needs = self.dietary_needs = ""
        self.needs_purged = True
        return ["accessibility_needs", "dietary_needs", "needs_purged", "updated_at"]

    # No get_absolute_url on purpose: the registrant's page (tokens.registrant_path) is
    # for the registrant, and admin's "view on site" shortcut must not lead there.

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def waitlist_position(self) -> int | None:
        """1 for the first in line; None when not on the waiting list."""
        if self.status != RegistrationStatus.WAITLIST:
            return None
        ahead = getattr(self, "n_waitlist_ahead", None)  # from with_waitlist_position()
        if ahead is None:
            this = {"event_id": self.event_id, "created_at": self.created_at, "pk": self.pk}
            ahead = _ahead_in_line(type(self)._default_manager.all(), this).count()
        return ahead + 1

    @classmethod
    def concrete_models(cls):
        from django.apps import apps

        return [
            model
            for model in apps.get_models()
            if issubclass(model, RegistrationBase) and not model._meta.abstract
        ]
