"""An admin changes the school's settings in the browser; bad values are refused naming the field."""
import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.settings import service
from tracker.supports.models import FlagRefresh

GOOD = {"stalled_school_days": "7", "repeated_not_yet_attempts": "4", "pace_ahead_ratio": "1.2",
        "pace_behind_ratio": "0.8", "pace_far_behind_ratio": "0.5", "school_holidays": "2026-11-26\n2026-11-27",
        "validation_target_days": "4"}


@pytest.fixture(autouse=True)
def _a_learner(make):
    make.learner()
    db.session.commit()


def test_the_page_shows_the_defaults(client, admin):
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'value="10"' in page and 'value="0.85"' in page


def test_saving_settings(client, admin):
    response = client.post("/admin/settings", data={**GOOD, "allow_self_validation": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert service.get("stalled_school_days") == 7 and service.get("repeated_not_yet_attempts") == 4
    assert service.get("pace_far_behind_ratio") == 0.5 and service.get("allow_self_validation") is True
    assert service.get("school_holidays") == ["2026-11-26", "2026-11-27"]
    assert service.get("validation_target_days") == 4  # validators are told of requests waiting longer
    # Flags follow new thresholds: every learner is queued for a refresh.
    assert db.session.scalar(select(func.count()).select_from(FlagRefresh)) == 1


@pytest.mark.parametrize("change, message", [
    ({"stalled_school_days": "0"}, "Number must be between 1 and 200"),
    ({"repeated_not_yet_attempts": "many"}, "Not a valid integer value"),
    ({"pace_behind_ratio": "0.4", "pace_far_behind_ratio": "0.6"}, "far behind ≤ behind"),
    ({"school_holidays": "2026-11-26\nThanksgiving"}, "Line 2, “Thanksgiving”, is not a date"),
])
def test_bad_values_are_refused_and_nothing_changes(client, admin, change, message):
    response = client.post("/admin/settings", data={**GOOD, **change})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert service.get("stalled_school_days") == 10 and service.get("pace_behind_ratio") == 0.85
