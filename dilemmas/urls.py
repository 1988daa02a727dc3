"""URLs under /dilemman/."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "dilemmas"

urlpatterns = [
    path("", TemplateView.as_view(template_name="dilemmas/index.html"), name="list"),
]
