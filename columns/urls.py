"""URLs under /kronikor/."""

from django.urls import path

from . import views
from .feeds import LatestColumnsFeed

app_name = "columns"

urlpatterns = [
    path("", views.ColumnListView.as_view(), name="list"),
    path("feed/", LatestColumnsFeed(), name="feed"),
    path("forfattare/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("<slug:slug>/", views.ColumnDetailView.as_view(), name="detail"),
]
