"""The read-only JSON API at /api/v1/ (django-ninja): one router per content type,
pydantic schemas for the OpenAPI description, Swedish errors.

To add a content type: a module in routers/ with a `router`, and one line in ROUTERS."""

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from .common import BadParameter, absolute, licence
from .routers import dilemmas, events, material, texts

ROUTERS = [
    dilemmas.router,
    events.router,
    texts.router,
    material.router,
]

DESCRIPTION = """Öppna data från Statskontorets program *En god förvaltningskultur i
staten*: dilemman, seminarier, kurser, etiska koder, krönikor och myndigheters
stödmaterial. Bara publicerat innehåll. Allt får återanvändas enligt CC BY 4.0; ange källan ”Statskontoret, En god
förvaltningskultur i staten”. Alla tider är svensk tid (ISO 8601 med tidszon). Bara
GET (och HEAD): allt annat besvaras med 405. Varje svar har en ETag; fråga
igen med If-None-Match för att få 304 när inget har ändrats. Fel besvaras med JSON:
`detail` och `problems`."""

# What pydantic says about a value, in Swedish (its `type` codes).
MESSAGES = {
    "int_parsing": "Ange ett heltal.",
    "int_from_float": "Ange ett heltal.",
    "greater_than_equal": "Talet är för litet: minst {ge}.",
    "less_than_equal": "Talet är för stort: högst {le}.",
    "date_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_inexact": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_type": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "string_type": "Ange en text.",
    "missing": "Värdet saknas.",
}


class DocsPage(Swagger):
    """Swagger UI from the site's own static files (ninja's, in INSTALLED_APPS), in a
    page of ours: Swedish, no inline script or style (the CSP holds), no validator
    badge (Swagger UI would ask an outside service), and only GET to try."""

    template = "opendata/api_docs.html"

    def __init__(self):
        super().__init__(
            settings={
                "validatorUrl": None,
                "supportedSubmitMethods": ["get"],
                "tryItOutEnabled": False,
            }
        )


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # "Jäv", not "J\\u00e4v": UTF-8 is declared


class Api(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Every operation may answer 400: a query with a NUL character or broken UTF-8 is
        refused by the site's BadInputMiddleware before the API reads it."""
        schema = super().get_openapi_schema(**kwargs)
        refused = {
            "description": "Adressen kunde inte läsas (ett nolltecken eller ogiltig UTF-8).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault(400, refused)
        return schema


api = Api(
    renderer=Renderer(),
    title="Förvaltningskultur – öppna data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=DocsPage(),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)
for router in ROUTERS:
    api.add_router("", router)


def _error(request, status, detail, problems=()):
    return api.create_response(
        request, {"detail": detail, "problems": list(problems)}, status=status
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    problems = []
    for error in exc.errors:
        parameter = str(error.get("loc", ["?"])[-1])
        template = MESSAGES.get(error.get("type"), "Ogiltigt värde.")
        try:
            message = template.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError, ValueError):
            message = template
        problems.append({"parameter": parameter, "message": message})
    return _error(request, 422, _("En parameter gick inte att läsa."), problems)


@api.exception_handler(BadParameter)
def bad_parameter(request, exc):
    problems = [{"parameter": exc.parameter, "message": exc.message}]
    return _error(request, 422, _("En parameter gick inte att läsa."), problems)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, _("Det finns inget publicerat med den adressen."))


@api.exception_handler(HttpError)
def http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


def index(request):
    """/api/v1/: where everything is, with the licence (a plain view: ninja's own root
    only answers 404)."""
    names = {
        "dilemman": "list_dilemmas",
        "teman": "list_themes",
        "principer": "list_principles",
        "seminarier": "list_seminars",
        "kurser": "list_courses",
        "etiska_koder": "list_codes",
        "kronikor": "list_columns",
        "stodmaterial": "list_material",
        "openapi": "openapi-json",
        "dokumentation": "openapi-view",
    }
    links = {key: absolute(reverse(f"api:{name}")) for key, name in names.items()}
    return JsonResponse(
        {"licence": licence(), "links": links}, json_dumps_params={"ensure_ascii": False}
    )
