"""The site's own content: start page texts, editable pages, accessibility statement."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import URLField
from .publishing import DraftCopy, Publishable
from .richtext import RichTextField, plain_text


class Page(Publishable):
    """An editable page at a fixed address (/om/, /personuppgifter/, /kakor/)."""

    class Slot(models.TextChoices):
        ABOUT = "om", _("Om oss (/om/)")
        PRIVACY = "personuppgifter", _("Personuppgifter (/personuppgifter/)")
        COOKIES = "kakor", _("Kakor (/kakor/)")
        CONTACT = "kontakt", _("Kontakt (/kontakt/)")

    slot = models.CharField(_("sida"), max_length=30, choices=Slot.choices, unique=True)
    title = models.CharField(_("rubrik"), max_length=200)
    introduction = models.TextField(
        _("ingress"), blank=True, help_text=_("Visas först på sidan och som beskrivning i sök.")
    )
    body = RichTextField(_("brödtext"), blank=True)

    class Meta:
        ordering = ["slot"]
        verbose_name = _("sida")
        verbose_name_plural = _("sidor")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"pages:{self.slot}")

    def search_document(self):
        from .search import Document

        members = CouncilMember.objects.all() if self.slot == self.Slot.ABOUT else []
        return Document(
            title=self.title,
            meta="\n".join(f"{m.name}, {m.role}" for m in members),
            body="\n".join([self.introduction, plain_text(self.body)]),
        )


class CouncilMember(models.Model):
    """A member of Rådet för en god förvaltningskultur, listed on /om/."""

    name = models.CharField(_("namn"), max_length=120)
    role = models.CharField(_("roll och organisation"), max_length=200)
    is_chair = models.BooleanField(_("ordförande"), default=False)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["-is_chair", "order", "name"]
        verbose_name = _("rådsledamot")
        verbose_name_plural = _("Rådet för en god förvaltningskultur")

    def __str__(self):
        return self.name

    def search_parents(self):
        """The members are listed on /om/."""
        return [Page.objects.filter(slot=Page.Slot.ABOUT)]


class StartPage(DraftCopy):
    """The texts of the start page. There is one."""

    heading = models.CharField(_("rubrik"), max_length=200)
    introduction = RichTextField(_("inledning"))
    seminars_heading = models.CharField(_("rubrik, seminarier"), max_length=200)
    seminars_text = RichTextField(_("text, seminarier"))
    courses_heading = models.CharField(_("rubrik, kurser"), max_length=200)
    courses_text = RichTextField(_("text, kurser"))
    material_heading = models.CharField(_("rubrik, stödmaterial"), max_length=200)
    material_text = RichTextField(_("text, stödmaterial"))
    dilemmas_text = RichTextField(
        _("text, stödmaterial för samtal"), blank=True, help_text=_("Visas under Aktuellt.")
    )
    vardegrund_text = models.CharField(
        _("text om värdegrundsmaterialet"),
        max_length=300,
        blank=True,
        help_text=_("Om Värdegrundsdelegationens skrifter och annat material."),
    )
    vardegrund_url = URLField(
        _("länk till värdegrundsmaterialet"),
        blank=True,
        help_text=_("Adressen till Värdegrundsdelegationens material."),
    )
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("startsida")
        verbose_name_plural = _("startsida")

    def __str__(self):
        return str(_("Startsidan"))

    def get_absolute_url(self):
        return reverse("home")

    @classmethod
    def public(cls):
        """The published start page, or None."""
        return cls.objects.filter(published_at__isnull=False).first()


class AccessibilityStatement(DraftCopy):
    """Tillgänglighetsredogörelse, with the parts DIGG's model statement requires."""

    class Compliance(models.TextChoices):
        FULL = "helt", _("helt förenlig")
        PARTIAL = "delvis", _("delvis förenlig")
        NONE = "inte", _("inte förenlig")

    agency = models.CharField(_("myndighet"), max_length=200, default="Statskontoret")
    service = models.CharField(
        _("tjänst"), max_length=200, help_text=_("Webbplatsen som redogörelsen gäller.")
    )
    compliance = models.CharField(
        _("förenlighet med lagkraven"), max_length=10, choices=Compliance.choices
    )
    compliance_text = RichTextField(_("om förenligheten"), blank=True)
    known_issues = RichTextField(
        _("innehåll som inte är tillgängligt"),
        help_text=_("Kända brister, varför, och vad vi gör åt dem."),
    )
    method = RichTextField(_("hur vi har testat webbplatsen"))
    assessed_on = models.DateField(_("datum för bedömningen"))
    feedback = RichTextField(
        _("återkoppling och tillgängligt format"),
        help_text=_("Hur man rapporterar brister och begär innehåll i annat format."),
    )
    response_time = models.CharField(
        _("svarstid"),
        max_length=100,
        default="fem arbetsdagar",
        help_text=_("t.ex. fem arbetsdagar"),
    )
    contact_email = models.EmailField(_("e-post för återkoppling"))
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    complaint_url = URLField(
        _("länk till DIGG:s anmälningsformulär"), default="https://www.digg.se/tdosanmalan"
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tillgänglighetsredogörelse")
        verbose_name_plural = _("tillgänglighetsredogörelse")

    def __str__(self):
        return str(_("Tillgänglighetsredogörelse för %(service)s") % {"service": self.service})

    def get_absolute_url(self):
        return reverse("pages:tillganglighet")

    @classmethod
    def public(cls):
        """The published statement, or None."""
        return cls.objects.filter(published_at__isnull=False).first()

    def search_document(self):
        from .search import Document

        parts = (self.compliance_text, self.known_issues, self.method, self.feedback)
        return Document(
            title=str(_("Tillgänglighetsredogörelse")),
            meta="\n".join(
                [self.agency, self.service, str(_("tillgänglighet")), self.contact_email]
            ),
            body="\n".join(plain_text(part) for part in parts),
        )


class SearchEntry(models.Model):
    """One searchable item: a copy of a published-or-not object's text, kept current by
    search/index.py. Publishing is checked at query time, so scheduled items appear by
    themselves.

    The full-text index lives beside it: an FTS5 table of stems on SQLite, a generated
    tsvector column with a GIN index (Swedish configuration) on PostgreSQL. See search/.
    """

    # Site machinery: no role edits it, and its writes change no page by themselves.
    site_machinery = True
    affects_pages = False

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("typ"), max_length=40, db_index=True)
    title = models.CharField(_("rubrik"), max_length=300)
    taxonomy = models.TextField(_("teman och principer"), blank=True)
    meta = models.TextField(_("personer, platser och datum"), blank=True)
    body = models.TextField(_("text"), blank=True)
    detail = models.CharField(_("uppgift i träfflistan"), max_length=300, blank=True)
    event_at = models.DateTimeField(_("evenemangets tid"), null=True, blank=True)
    url = models.CharField(_("adress"), max_length=300)
    status = models.CharField(_("status"), max_length=12)
    publish_at = models.DateTimeField(_("publiceringstid"))
    updated_at = models.DateTimeField(_("senast ändrad"))

    class Meta:
        verbose_name = _("sökpost")
        verbose_name_plural = _("sökindex")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="unique_search_entry"
            )
        ]

    def __str__(self):
        return self.title


class SearchCue(models.Model):
    """One caption cue of a film in the index: a hit inside a film says when it is said."""

    site_machinery = True
    affects_pages = False

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="cues")
    start = models.FloatField(_("börjar (sekunder)"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["entry", "start"]
        verbose_name = _("filmtext i sökindexet")

    def __str__(self):
        return self.text


class SearchTerm(models.Model):
    """A word that stands in the index: for compound words, "Menade du …?" and the
    å/ä/ö fallback (search/expansion.py). Added to as content is indexed, built anew by
    a rebuild."""

    site_machinery = True
    affects_pages = False

    word = models.CharField(_("ord"), max_length=60, unique=True)
    stem = models.CharField(_("ordstam"), max_length=60, db_index=True)
    folded = models.CharField(_("utan å, ä och ö"), max_length=60, db_index=True)

    class Meta:
        verbose_name = _("ord i sökindexet")

    def __str__(self):
        return self.word


class PageState(models.Model):
    """What cached pages depend on, one row each: "content", the content version that
    every saved change moves on, and each event's seats ("seminars.seminar:12:confirmed",
    ":waitlist", ":full"), written in the transaction that changes them. Read whole, at
    most once a second per process (pagecache/state.py)."""

    site_machinery = True
    affects_pages = False

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("sidcachens läge")

    def __str__(self):
        return f"{self.name} = {self.value}"


class OutgoingMail(models.Model):
    """One mail in the outbox (outbox.py): stored with the change that causes it, sent
    by the worker. Holds an address and, until sent, the whole mail: personal data."""

    holds_personal_data = True
    affects_pages = False

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENDING = "sending", _("Skickas")
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Misslyckades")

    created_at = models.DateTimeField(_("skapat"), default=timezone.now, db_index=True)
    recipient = models.CharField(_("mottagare"), max_length=500)
    subject = models.CharField(_("ämne"), max_length=300)
    # The whole message (outbox._serialise); emptied once it has gone.
    content = models.JSONField(_("innehåll"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), default=timezone.now, db_index=True)
    lease_until = models.DateTimeField(_("skickas till och med"), null=True, blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    last_error = models.CharField(_("senaste fel"), max_length=200, blank=True)
    # The registration the mail is about (its mail status follows this one's).
    about_type = models.CharField(max_length=100, blank=True, editable=False)
    about_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("utgående mejl")
        verbose_name_plural = _("utgående mejl")
        indexes = [models.Index(fields=["about_type", "about_id"], name="outgoing_mail_about")]

    def __str__(self):
        return self.subject

    def mark_about(self):
        """Show this mail's fate on the registration it concerns."""
        if not self.about_type:
            return
        from django.apps import apps

        model = apps.get_model(self.about_type)
        status = {self.Status.SENT: "sent", self.Status.FAILED: "failed"}.get(
            self.status, "pending"
        )
        values = {"mail_status": status}
        if self.status == self.Status.SENT:
            values["mail_sent_at"] = self.sent_at
        model._default_manager.filter(pk=self.about_id).update(**values)


class RegistrantMessageQuerySet(models.QuerySet):
    def for_event(self, event):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(event), object_id=event.pk
        )


class RegistrantMessage(models.Model):
    """A message staff sent to those signed up for an event (registration/staff.py): who
    sent what to how many. The mails themselves went through the outbox."""

    # The registrations role's, not the editors': it belongs with the registrations.
    holds_personal_data = True
    affects_pages = False

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    event = GenericForeignKey("content_type", "object_id")
    subject = models.CharField(_("ämne"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    statuses = models.CharField(
        _("till"), max_length=40, help_text=_("confirmed och/eller waitlist")
    )
    recipient_count = models.PositiveIntegerField(_("antal mottagare"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skickat av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept if the account goes: the log still says who it was.
    sent_by_name = models.CharField(_("avsändare"), max_length=150)
    sent_at = models.DateTimeField(_("skickat"), default=timezone.now, db_index=True)

    objects = RegistrantMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("meddelande till anmälda")
        verbose_name_plural = _("meddelanden till anmälda")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="registrant_message_event")
        ]

    def __str__(self):
        return self.subject

    def status_labels(self) -> list[str]:
        from .registration.models import RegistrationStatus

        labels = {
            RegistrationStatus.CONFIRMED: _("anmälda med plats"),
            RegistrationStatus.WAITLIST: _("väntelistan"),
        }
        return [str(labels.get(s, s)) for s in self.statuses.split(",") if s]


class HistorySnapshot(models.Model):
    """What one saved revision also held beside the item's own fields: the choices of
    its many-to-many fields and the rows of its inlines (questions, rules, speakers…),
    as the admin saved them. Written by forvaltningskultur.history.HistoryAdmin; a
    revision without one (a list action, a script) had the snapshot before it."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    history_id = models.PositiveBigIntegerField(_("version"))
    data = models.JSONField(_("innehåll"), default=dict)

    class Meta:
        verbose_name = _("versionsögonblicksbild")
        verbose_name_plural = _("versionsögonblicksbilder")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "history_id"], name="history_snapshot_unique"
            )
        ]

    def __str__(self):
        return f"{self.content_type} {self.history_id}"
