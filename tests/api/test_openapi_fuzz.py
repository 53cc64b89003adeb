"""Schemathesis generates requests from the OpenAPI document: no request may cause a server error.

Driven through schemathesis's Python API (operation -> hypothesis strategy) rather than its pytest
plugin, which does not work with pytest 9.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tracker.api.models import XapiMapping
from tracker.extensions import db

from .conftest import bearer


def fuzz(app, school, role: str, examples: int) -> int:
    db.session.add(XapiMapping(activity_id="https://tool.example/activities/ratios",
                               competency_id=school["ratios"].id))
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    headers = bearer(school["tokens"][role])
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal calls
            response = case.call(headers=headers)
            calls += 1
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])

        run()
    return calls


@pytest.mark.parametrize("role, examples", [("admin", 40), ("teacher", 20), ("student", 10)])
def test_no_server_errors(app, school, role, examples):
    calls = fuzz(app, school, role, examples)
    assert calls >= 10 * 9  # every operation was exercised
