"""URLs under /dilemman/."""

from django.urls import path

from . import views

app_name = "dilemmas"

urlpatterns = [
    path("", views.DilemmaListView.as_view(), name="list"),
    path("paket/", views.pack_pdf, name="pack"),
    path("<slug:slug>/", views.DilemmaDetailView.as_view(), name="detail"),
    path("<slug:slug>/samtal/", views.MeetingView.as_view(), name="meeting"),
    path("<slug:slug>/pdf/", views.dilemma_pdf, name="pdf"),
    path("<slug:slug>/bilagor/<int:pk>/", views.attachment_download, name="attachment"),
]
