"""/api/v1/, /oppna-data/ and /widget/: included once from the project's urls."""

from django.urls import URLPattern, URLResolver, include, path

from . import views
from .api import api, index
from .headers import open_data


def _wrapped(patterns):
    """The API's URLs, each view wrapped with the open-data headers (headers.py)."""
    result = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            result.append(pattern)
            continue
        callback = index if pattern.name == "api-root" else pattern.callback
        result.append(
            URLPattern(pattern.pattern, open_data(callback), pattern.default_args, pattern.name)
        )
    return result


api_patterns, api_app, api_namespace = api.urls

urlpatterns = [
    path("api/v1/", include((_wrapped(api_patterns), api_app), namespace=api_namespace)),
    path("oppna-data/", open_data(views.open_data_page), name="opendata"),
    path("oppna-data/dcat.rdf", open_data(views.catalogue), name="opendata-dcat"),
    path("widget/seminarier/", open_data(views.seminar_widget), name="widget-seminars"),
    path("widget/dilemman/", open_data(views.dilemma_widget), name="widget-dilemmas"),
]
