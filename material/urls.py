"""URLs under /stodmaterial/."""

from django.urls import path

from . import views

app_name = "material"

urlpatterns = [
    path("", views.MaterialListView.as_view(), name="list"),
    path("<slug:slug>/", views.MaterialDetailView.as_view(), name="detail"),
    path("<slug:slug>/fil/<int:pk>/", views.resource_file, name="file"),
]
