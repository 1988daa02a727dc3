"""URLs under /etiska-koder/."""

from django.urls import path

from . import views

app_name = "codes"

urlpatterns = [
    path("", views.CodeListView.as_view(), name="list"),
    path("<int:pk>/fil/", views.code_download, name="file"),
]
