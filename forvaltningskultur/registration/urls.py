"""/anmalan/<token>/: a registrant's own page, cancellation, withdrawn consent and calendar."""

from django.urls import path

from . import views

app_name = "registration"

urlpatterns = [
    path("<str:token>/", views.registrant_detail, name="detail"),
    path("<str:token>/avboka/", views.registrant_cancel, name="cancel"),
    path("<str:token>/epost/", views.registrant_change_email, name="email"),
    path("<str:token>/radera-behov/", views.registrant_withdraw_consent, name="withdraw"),
    path("<str:token>/kalender.ics", views.registrant_calendar, name="calendar"),
]
