"""URLs under /etiska-koder/."""

from django.urls import path
from django.views.generic import TemplateView

app_name = "codes"

urlpatterns = [
    path("", TemplateView.as_view(template_name="dilemmas/codes_index.html"), name="list"),
]
