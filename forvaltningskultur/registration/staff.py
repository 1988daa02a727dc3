"""Staff pages for one event, under /admin/anmalan/ (staff_urls.py): the attendee list
as a print-ready PDF, check-in at the door, and a message to those signed up.

Each page asks admin's one question (`admin_site.may`) of the event's registration
model: the PDF needs the right to view the registrations, check-in and messages the
right to change them. The editor role has neither and gets 403. The pages sit in admin's
frame with Django's CSRF and session, as every staff page does.
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from forvaltningskultur import dates
from forvaltningskultur.admin_site import may

from . import export
from .models import RegistrableEvent, RegistrationStatus
from .tokens import registrant_url

# Swedish alphabetical order: å, ä and ö come after z, in that order; é is an e, ü a y.
_SWEDISH = str.maketrans({"å": "z{", "ä": "z|", "æ": "z|", "ö": "z}", "ø": "z}", "é": "e",
                          "è": "e", "ü": "y"})  # fmt: skip


def swedish_key(text: str) -> str:
    return text.casefold().translate(_SWEDISH)


def surname_key(registration):
    """Sorted by surname (the name's last word), then the whole name."""
    words = registration.name.split() or [""]
    return (swedish_key(words[-1]), swedish_key(registration.name), registration.pk)


def registration_model(event_model):
    return event_model.registrations.rel.related_model


def event_model(app_label: str, model_name: str):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not issubclass(model, RegistrableEvent):
        raise Http404
    return model


def _event_for(request, app_label, model_name, pk, action):
    """The event, once the user may `action` its registrations; else 403."""
    model = event_model(app_label, model_name)
    if not may(request, action, registration_model(model)):
        raise PermissionDenied
    return get_object_or_404(model._default_manager, pk=pk)


def staff_url(name: str, event) -> str:
    opts = event._meta
    return reverse(
        f"registration_staff:{name}",
        kwargs={"app_label": opts.app_label, "model_name": opts.model_name, "pk": event.pk},
    )


def _context(request, event, title, **extra):
    opts = event._meta
    return {
        **admin.site.each_context(request),
        "title": title,
        "event": event,
        "event_title": event.event_title(),
        "when": dates.long_range(event.starts_at, event.ends_at),
        "opts": opts,
        "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[event.pk]),
        **extra,
    }


# --- the attendee list as PDF ----------------------------------------------------


def attendee_sections(events):
    """Per event: the seated, by surname, and those of them with needs."""
    sections = []
    for event in events:
        seated = sorted(
            event.registrations.filter(
                status=RegistrationStatus.CONFIRMED, personal_data_purged=False
            ),
            key=surname_key,
        )
        sections.append(
            {
                "event": event,
                "title": event.event_title(),
                "when": dates.long_range(event.starts_at, event.ends_at),
                "place": event.place,
                "attendees": seated,
                "needs": [r for r in seated if r.accessibility_needs or r.dietary_needs],
            }
        )
    return sections


def attendee_pdf(events) -> HttpResponse:
    """A4, tagged PDF/UA-1 with a title: one sign-in sheet per event, needs at the end."""
    from forvaltningskultur.pdf import content_disposition, render_pdf

    events = list(events)
    sections = attendee_sections(events)
    if len(events) == 1:
        title = _("Deltagarlista: %(title)s") % {"title": sections[0]["title"]}
        filename = export.event_filename(events[0], "deltagarlista", "pdf")
    else:
        title = _("Deltagarlistor för %(n)d evenemang") % {"n": len(events)}
        filename = "deltagarlistor.pdf"
    content = render_pdf(
        "registration/staff/attendees_pdf.html", {"title": title, "sections": sections}
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


def attendees_view(request, app_label, model_name, pk):
    event = _event_for(request, app_label, model_name, pk, "view")
    return attendee_pdf([event])


# --- check-in at the door ----------------------------------------------------------


def checkin_view(request, app_label, model_name, pk):
    event = _event_for(request, app_label, model_name, pk, "change")
    registrations = event.registrations.filter(
        status=RegistrationStatus.CONFIRMED, personal_data_purged=False
    )
    query = " ".join(request.GET.get("q", "").split())[:100]
    if request.method == "POST":
        registration = get_object_or_404(registrations, pk=request.POST.get("registration"))
        registration.attended = request.POST.get("attended") == "1"
        registration.save(update_fields=["attended", "updated_at"])
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, True):
            back = ""
        back = back or staff_url("checkin", event)
        return redirect(f"{back}#anmalan-{registration.pk}")
    everyone = sorted(registrations, key=surname_key)
    arrived = sum(r.attended for r in everyone)
    shown = everyone
    if query:
        wanted = swedish_key(query)
        shown = [r for r in everyone if wanted in swedish_key(f"{r.name} {r.organisation}")]
    return render(
        request,
        "registration/staff/checkin.html",
        _context(
            request,
            event,
            _("Närvaro: %(title)s") % {"title": event.event_title()},
            registrations=shown,
            query=query,
            arrived=arrived,
            expected=len(everyone),
            here=request.get_full_path(),
        ),
    )


# --- a message to those signed up ----------------------------------------------------


def _recipients(event, statuses):
    return list(
        event.registrations.filter(status__in=statuses, personal_data_purged=False)
        .exclude(email="")
        .order_by("created_at", "pk")
    )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Ämne"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8, "aria-describedby": "body-help"}),
        help_text=_("Vanlig text. Mottagarens egen länk till sin anmälan läggs till sist."),
    )
    statuses = forms.MultipleChoiceField(
        label=_("Till"),
        choices=[
            (RegistrationStatus.CONFIRMED, _("Anmälda med plats")),
            (RegistrationStatus.WAITLIST, _("Väntelistan")),
        ],
        initial=[RegistrationStatus.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en grupp att skicka till.")},
    )


def message_text(event, body: str, link: str) -> str:
    from django.conf import settings

    return render_to_string(
        "registration/staff/message_email.txt",
        {
            "event_title": event.event_title(),
            "when": dates.long_range(event.starts_at, event.ends_at),
            "body": body,
            "registrant_url": link,
            "SITE_NAME": settings.SITE_NAME,
        },
    )


def message_for(registration, subject: str, body: str) -> EmailMultiAlternatives:
    from django.conf import settings

    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=message_text(registration.event, body, registrant_url(registration)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )


def send_message(event, user, subject: str, body: str, statuses) -> int:
    """Queue one mail per recipient through the outbox and log the message on the event,
    in one transaction: either all of it is sent and logged, or none."""
    from forvaltningskultur import outbox
    from forvaltningskultur.models import RegistrantMessage

    with transaction.atomic():
        recipients = _recipients(event, statuses)
        for registration in recipients:
            outbox.queue(message_for(registration, subject, body))
        RegistrantMessage.objects.create(
            event=event,
            subject=subject,
            body=body,
            statuses=",".join(statuses),
            recipient_count=len(recipients),
            sent_by=user,
            sent_by_name=user.get_full_name() or user.get_username(),
        )
    return len(recipients)


def _digest(data, recipients) -> str:
    import hashlib

    parts = [data["subject"], data["body"], *sorted(data["statuses"])]
    parts += [str(r.pk) for r in recipients]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def message_view(request, app_label, model_name, pk):
    from forvaltningskultur.models import RegistrantMessage

    event = _event_for(request, app_label, model_name, pk, "change")
    form = MessageForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        statuses = form.cleaned_data["statuses"]
        recipients = _recipients(event, statuses)
        digest = _digest(form.cleaned_data, recipients)
        # Sent only as previewed: the same text to the same people, else a new preview.
        if "send" in request.POST and recipients and request.POST.get("previewed") == digest:
            sent = send_message(
                event,
                request.user,
                form.cleaned_data["subject"],
                form.cleaned_data["body"],
                statuses,
            )
            messages.success(
                request,
                _("Meddelandet ligger i kön till %(n)d personer och skickas strax.") % {"n": sent},
            )
            return redirect(staff_url("message", event))
        # Each mail has its registrant's own link; the preview shows where it goes.
        preview = {
            "digest": digest,
            "count": len(recipients),
            "subject": " ".join(form.cleaned_data["subject"].split()),
            "body": message_text(event, form.cleaned_data["body"], _("[mottagarens egen länk]")),
        }
    log = RegistrantMessage.objects.for_event(event).select_related("sent_by")
    return render(
        request,
        "registration/staff/message.html",
        _context(
            request,
            event,
            _("Meddelande till anmälda: %(title)s") % {"title": event.event_title()},
            form=form,
            preview=preview,
            log=log,
        ),
    )
