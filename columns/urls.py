"""URLs under /kronikor/."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "columns"

urlpatterns = [
    path("", TemplateView.as_view(template_name="columns/index.html"), name="list"),
]
