"""URLs under /dela-material/: the form, its thanks, the confirmation link, and the
submitted files for the editors."""

from django.urls import path

from . import views

app_name = "submit"

urlpatterns = [
    path("", views.submit, name="form"),
    path("tack/", views.thanks, name="thanks"),
    path("bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("fil/<path:name>", views.private_file, name="private_file"),
]
