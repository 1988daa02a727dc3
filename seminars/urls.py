"""URLs under /seminarier/."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "seminars"

urlpatterns = [
    path("", TemplateView.as_view(template_name="seminars/index.html"), name="list"),
]
