"""schemathesis against the served API: every operation, every documented parameter,
with generated values good and bad. No answer is a 500, and every answer keeps to the
schema: its status is documented (the site's 400 for an unreadable query included), and
so are its content type and body."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.dilemmas.factories import make_dilemma
from tests.seminars.factories import make_film, make_seminar

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def served_schema(live_server):
    seminar = make_seminar(title="Seminariet om tillit", slug="tillit")
    make_film(seminar)
    make_dilemma("Jävet i upphandlingen", slug="javet")
    return schemathesis.openapi.from_url(live_server.url + "/api/v1/openapi.json")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_to_its_schema(served_schema, mode):
    operations = [result.ok() for result in served_schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case):
            case.call_and_validate(
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ]
            )

        try:
            run()
        except Unsatisfiable:
            # A slug is any string: there is no wrong value to make for /dilemman/{slug}/.
            assert mode == GenerationMode.NEGATIVE, operation.label
