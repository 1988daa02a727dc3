"""URLs under /seminarier/."""

from django.urls import path

from . import views

app_name = "seminars"

urlpatterns = [
    path("", views.SeminarListView.as_view(), name="list"),
    path("arkiv/", views.SeminarArchiveView.as_view(), name="archive"),
    path("kalender.ics", views.calendar_feed, name="feed"),
    path("<slug:slug>/", views.SeminarDetailView.as_view(), name="detail"),
    path("<slug:slug>/kalender.ics", views.seminar_calendar, name="calendar"),
]
