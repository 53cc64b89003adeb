"""One display rule for an estimate: every page, CSV, chart and the API show the same number
and the same words. Decaying average 0.65 over [2, 3, 3, 3] is 2.957: it reads 2.9, not yet at
mastery, everywhere (rounded it would read 3.0 beside "not yet at mastery")."""
import csv
import io
import json
import re

import pytest

from tracker.api.tokens import create_token
from tracker.extensions import db
from tracker.mastery.estimate_display import cut_to_tenths, shown_estimate

from .conftest import build_validation_world


@pytest.mark.parametrize(("estimate", "value", "at_mastery"), [
    (2.957, 2.9, False), (2.9999999, 2.9, False), (3.0, 3.0, True), (2.3, 2.3, False),
    (2.29, 2.2, False), (3.05, 3.0, True), (1.0, 1.0, False), (4.0, 4.0, True), (0.7, 0.7, False),
])
def test_an_estimate_is_cut_to_one_decimal_and_mastery_is_read_from_that_number(estimate, value, at_mastery):
    shown = shown_estimate(estimate, 3)
    assert shown.value == value and shown.text == f"{value:.1f}" and shown.at_mastery is at_mastery
    assert shown.level == int(value)
    assert shown.words == ("at mastery" if at_mastery else "not yet at mastery")
    assert cut_to_tenths(estimate) == value
    assert shown_estimate(None, 3) is None


@pytest.fixture
def world(make):
    world = build_validation_world(make)  # evidence 2, 3, 3 (oldest first)
    world.framework.estimate_method = "decaying_average"
    world.framework.estimate_parameter = 0.65
    world.add_evidence(level=3, days_ago=1)  # now 2, 3, 3, 3: the estimate is 2.957
    db.session.commit()
    return world


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_page_the_csv_the_chart_and_the_api_show_2_9_not_yet_at_mastery(client, auth, world):
    request = world.add_request()
    db.session.commit()
    token = create_token(world.teacher, "test")[1]
    db.session.commit()

    auth.as_user(world.validator)
    validator_page = _text(client.get(f"/validation/requests/{request.id}").get_data(as_text=True))
    assert "2.9" in validator_page and "not yet at mastery" in validator_page
    assert "3.0" not in validator_page
    queue = _text(client.get("/validation").get_data(as_text=True))
    assert "2.9" in queue and "3.0" not in queue

    auth.as_user(world.student)
    student_page = _text(client.get(f"/learners/{world.learner.id}/competencies/{world.competency.id}/evidence")
                         .get_data(as_text=True))
    assert "2.9" in student_page and "not yet at mastery" in student_page and "3.0" not in student_page

    auth.as_user(world.teacher)
    heatmap = client.get(f"/sections/{world.section.id}/heatmap").get_data(as_text=True)
    figure = json.loads(re.search(r'<script type="application/json" id="heatmap-data">(.*?)</script>', heatmap,
                                  re.S).group(1))
    trace = figure["figure"]["data"][0]
    assert trace["z"][0][0] == 2.9 and trace["text"][0][0].strip() == "2.9"
    assert "%{z:.1f}" in trace["hovertemplate"]
    table = list(csv.reader(io.StringIO(client.get(f"/sections/{world.section.id}/heatmap.csv")
                                        .get_data(as_text=True).lstrip("\ufeff"))))
    assert table[1][table[0].index("M.6.1")] == "2.9"

    progress = client.get(f"/api/v1/learners/{world.learner.id}/progress",
                          headers={"Authorization": f"Bearer {token}"}).get_json()
    item = next(i for i in progress["estimates"] if i["competency_id"] == world.competency.id)
    assert item["estimate"] == 2.9 and item["at_mastery"] is False


def test_a_weight_of_1_reads_w_1_and_gives_the_newest_score_on_the_validator_and_learner_pages(client, auth, world):
    """It was kept as 1.0 on the validator's page but computed and shown as 0.65 on learner pages."""
    world.framework.estimate_parameter = 1.0
    world.add_evidence(level=2, days_ago=0)  # 2, 3, 3, 3, 2: the newest is 2
    request = world.add_request()
    db.session.commit()
    auth.as_user(world.validator)
    validator_page = _text(client.get(f"/validation/requests/{request.id}").get_data(as_text=True))
    auth.as_user(world.student)
    student_page = _text(client.get(f"/learners/{world.learner.id}/competencies/{world.competency.id}/evidence")
                         .get_data(as_text=True))
    for page in (validator_page, student_page):
        assert "w = 1" in page and "0.65" not in page and "w = 1.0" not in page
        assert "2.0" in page and "not yet at mastery" in page
