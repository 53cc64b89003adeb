"""A teacher's hand-set level is marked wherever the level shows (issue 19): the learner's evidence
overview and timeline, the heatmap (its chart, table and CSV) and the API; new evidence ends it and
every place shows the estimate again."""
import csv
import io
import json
import re
from datetime import timedelta

from tracker.api.tokens import create_token
from tracker.extensions import db
from tracker.mastery import teacher_levels

from .conftest import build_validation_world


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _everywhere(client, auth, world, token):
    auth.as_user(world.student)
    overview = _text(client.get(f"/learners/{world.learner.id}/evidence").get_data(as_text=True))
    timeline = _text(client.get(f"/learners/{world.learner.id}/competencies/{world.competency.id}/evidence")
                     .get_data(as_text=True))
    auth.as_user(world.teacher)
    heatmap = client.get(f"/sections/{world.section.id}/heatmap").get_data(as_text=True)
    trace = json.loads(re.search(r'<script type="application/json" id="heatmap-data">(.*?)</script>', heatmap,
                                 re.S).group(1))["figure"]["data"][0]
    table = list(csv.reader(io.StringIO(client.get(f"/sections/{world.section.id}/heatmap.csv")
                                        .get_data(as_text=True).lstrip("\ufeff"))))
    progress = client.get(f"/api/v1/learners/{world.learner.id}/progress",
                          headers={"Authorization": f"Bearer {token}"}).get_json()
    item = next(i for i in progress["estimates"] if i["competency_id"] == world.competency.id)
    return overview, timeline, trace, table[1][table[0].index(world.competency.code)], item


def test_the_teachers_level_is_marked_everywhere_and_new_evidence_ends_it(client, auth, make):
    world = build_validation_world(make)  # evidence 2, 3, 3: the estimate is not 3.5
    token = create_token(world.teacher, "test")[1]
    teacher_levels.set_level(world.teacher, world.learner, world.competency, level=3.5,
                             reason="Explained it at the board", keep=False)
    db.session.commit()
    overview, timeline, trace, csv_cell, item = _everywhere(client, auth, world, token)
    for page in (overview, timeline):
        assert "3.5" in page and "set by the teacher" in page and "kept when new evidence" not in page
    assert "Explained it at the board" in timeline and "New evidence ends it" in timeline
    assert trace["z"][0][0] == 3.5 and trace["text"][0][0].strip() == "3.5✎"
    assert csv_cell == "3.5✎"
    assert (item["estimate"], item["at_mastery"], item["set_by_teacher"], item["kept"]) == (3.5, True, True, False)

    world.add_evidence(level=2, days_ago=0)
    db.session.commit()
    overview, timeline, trace, csv_cell, item = _everywhere(client, auth, world, token)
    for page in (overview, timeline):
        assert "set by the teacher" not in page and "3.5" not in page
    assert "✎" not in trace["text"][0][0] and "✎" not in csv_cell and trace["z"][0][0] != 3.5
    assert item["set_by_teacher"] is False and item["estimate"] != 3.5


def test_a_kept_level_stays_after_new_evidence(client, auth, make):
    world = build_validation_world(make)
    token = create_token(world.teacher, "test")[1]
    kept = teacher_levels.set_level(world.teacher, world.learner, world.competency, level=1,
                                    reason="IEP: working on it", keep=True)
    kept.set_at -= timedelta(days=1)
    world.add_evidence(level=4, days_ago=0)
    db.session.commit()
    _overview, timeline, trace, csv_cell, item = _everywhere(client, auth, world, token)
    assert "set by the teacher, kept when new evidence arrives" in timeline and "It stays" in timeline
    assert trace["z"][0][0] == 1.0 and csv_cell == "1.0✎"
    assert (item["estimate"], item["at_mastery"], item["set_by_teacher"], item["kept"]) == (1.0, False, True, True)
