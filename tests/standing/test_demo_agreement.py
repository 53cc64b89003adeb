"""The issue's "Done when": over the whole demo school, every reader of where a learner stands
agrees, for every learner and step: state, mastered day, pace status and estimate.

Each reader is read through what it shows: the API's progress answer, the student's progress
page, the family page, the heatmap's CSV (the table the page shows), the transcript's CSV and
page, and the open support flags. The API answer is the yardstick the others are compared with,
and it is itself compared with the standing engine.
"""
import csv
import html as html_lib
import io
import re
from collections import defaultdict

from sqlalchemy import select

from tracker.api.tokens import create_token
from tracker.competencies.models import Competency
from tracker.extensions import db
from tracker.rosters.models import Enrollment, Learner
from tracker.standing.days import PACE_STATE_LABELS
from tracker.standing.engine import standings_for
from tracker.supports.models import SupportFlag
from tracker.supports.service import recompute_all

STEP_ROW = re.compile(r'<td class="num" data-label="Step">(\d+)</td>\s*<th scope="row">.*?'
                      r'<span class="code muted">(.*?)</span></th>\s*<td[^>]*><span class="state state--(\w+)">', re.S)
PACE_WORD = re.compile(r'<dd class="pace-word">(.*?)</dd>')
FAMILY_SENTENCE = re.compile(r'<h2 id="progression-\d+-(\d+)">.*?<p class="family-sentence">(.*?)</p>', re.S)
# The map's words for a step, as the engine's states: asked-for and in-progress steps are open or locked.
ENGINE_STATE = {"mastered": "mastered", "placed_past": "placed_past", "ready": "not mastered",
                "in_progress": "not mastered", "open": "not mastered", "locked": "not mastered"}
FAMILY_PACE = {"ahead": "is ahead of the planned pace", "on_pace": "is on pace",
               "behind": "is a little behind", "far_behind": "is behind the planned pace",
               "just_started": "has just started", "no_pace": "No pace is set"}


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return html_lib.unescape(response.get_data(as_text=True))


def shown_state(state):
    return "mastered" if state == "mastered" else "placed_past" if state == "placed_past" else "not mastered"


def test_every_reader_agrees_over_the_demo_school(app, client, auth):
    from tracker.demo.service import load_demo

    world = load_demo()
    db.session.commit()
    recompute_all()
    admin = world["admin"]
    token = create_token(admin, "test")[1]
    db.session.commit()
    learners = list(db.session.scalars(select(Learner).where(Learner.active.is_(True),
                                                             Learner.is_educator.is_(False))))
    codes = dict(db.session.execute(select(Competency.id, Competency.code)).all())
    engine = standings_for([learner.id for learner in learners])
    disagreements = []

    def differ(reader, learner, what, expected, found):
        if expected != found:
            disagreements.append((reader, learner.id, what, expected, found))

    # The yardstick: the API's answer, itself checked against the engine.
    api = {}
    for learner in learners:
        body = client.get(f"/api/v1/learners/{learner.id}/progress",
                          headers={"Authorization": f"Bearer {token}"}).get_json()
        api[learner.id] = body
        for standing, answer in zip(engine.get(learner.id, []), body["progressions"], strict=True):
            differ("api", learner, ("pace", standing.progression.id), standing.pace_state, answer["pace"])
            for status, step in zip(standing.status.steps, answer["steps"], strict=True):
                differ("api", learner, ("step", step["competency_id"]), status.state, step["state"])
                day = standing.mastered_on.get(status.competency_id)
                differ("api", learner, ("day", step["competency_id"]), day.isoformat() if day else None,
                       step["mastered_on"])
    mastered_days = {lid: {m["competency_id"]: m["mastered_on"] for m in body["mastered"]}
                     for lid, body in api.items()}
    estimates = {lid: {e["competency_id"]: e["estimate"] for e in body["estimates"]} for lid, body in api.items()}

    auth.as_user(admin)
    steps_seen = 0
    for learner in learners:
        answer = api[learner.id]
        # API steps agree with the API's mastered list (a mastered step has its day there)
        for progression in answer["progressions"]:
            for step in progression["steps"]:
                if step["state"] == "mastered":
                    differ("api mastered list", learner, ("day", step["competency_id"]), step["mastered_on"],
                           mastered_days[learner.id].get(step["competency_id"], "missing"))
        # the student's progress page, one tab per progression
        for progression in answer["progressions"]:
            html = page(client, f"/learners/{learner.id}/progress?progression_id={progression['progression_id']}")
            differ("progress page", learner, ("pace", progression["progression_id"]),
                   html_lib.unescape(PACE_STATE_LABELS[progression["pace"]]), PACE_WORD.search(html).group(1))
            rows = {int(position): (code, state) for position, code, state in STEP_ROW.findall(html)}
            for step in progression["steps"]:
                code, state = rows.get(step["position"], (None, None))
                differ("progress page", learner, ("step", step["competency_id"]),
                       shown_state(step["state"]), ENGINE_STATE.get(state))
                steps_seen += 1
        # the family page: "X has mastered N of the M steps in T. <pace words>"
        html = page(client, f"/learners/{learner.id}/family")
        sentences = dict((int(pid), text) for pid, text in FAMILY_SENTENCE.findall(html))
        for progression in answer["progressions"]:
            text = sentences.get(progression["progression_id"], "")
            mastered = sum(s["state"] == "mastered" for s in progression["steps"])
            differ("family page", learner, ("mastered", progression["progression_id"]), True,
                   f"has mastered {mastered} of the" in text)
            finished = all(s["state"] in ("mastered", "placed_past") for s in progression["steps"])
            if not finished:
                differ("family page", learner, ("pace", progression["progression_id"]), True,
                       FAMILY_PACE[progression["pace"]] in text)
        # the transcript's CSV and page: every mastered competency, on the same day
        transcript = {row["code"]: row["mastered_on"] for row in
                      csv_rows(client.get(f"/learners/{learner.id}/transcript.csv"))}
        expected = {codes[cid]: day or "" for cid, day in mastered_days[learner.id].items()}
        differ("transcript csv", learner, "mastered", expected, transcript)
        html = page(client, f"/learners/{learner.id}/transcript")
        for code in expected:
            differ("transcript page", learner, ("code", code), True, f'<td class="fw-code">{code}</td>' in html)

    # the heatmap of every section, on every framework its learners are placed on
    sections = defaultdict(set)
    for section_id, learner_id in db.session.execute(
            select(Enrollment.section_id, Enrollment.learner_id).where(Enrollment.active.is_(True))):
        sections[section_id].add(learner_id)
    cells_seen = 0
    for section_id, members in sections.items():
        frameworks = {p["framework_id"] for lid in members if lid in api for p in api[lid]["progressions"]}
        for framework_id in frameworks:
            rows = csv_rows(client.get(f"/sections/{section_id}/heatmap.csv?framework_id={framework_id}"))
            by_name = {(l.preferred_name or l.given_name) + " " + l.family_name: l for l in learners
                       if l.id in members}
            for row in rows:
                learner = by_name[row["Learner"]]
                on_framework = [p for p in api[learner.id]["progressions"] if p["framework_id"] == framework_id]
                differ("heatmap csv", learner, ("pace", framework_id),
                       html_lib.unescape(PACE_STATE_LABELS[on_framework[0]["pace"] if on_framework
                                                           else "not_placed"]), row["Pace"])
                for cid, code in codes.items():
                    if code not in row:
                        continue
                    cell = row[code]
                    differ("heatmap csv", learner, ("mastered", code), cid in mastered_days[learner.id],
                           cell.endswith("✓"))
                    number = cell.replace("✓", "").strip()
                    shown = estimates[learner.id].get(cid)
                    differ("heatmap csv", learner, ("estimate", code),
                           None if shown is None else float(shown), float(number) if number else None)
                    cells_seen += 1

    # the open flags: behind pace exactly where the pace says behind (on active progressions)
    behind = {(f.learner_id, f.progression_id) for f in db.session.scalars(
        select(SupportFlag).where(SupportFlag.kind == "behind_pace", SupportFlag.resolved_at.is_(None)))}
    for learner in learners:
        for standing in engine.get(learner.id, []):
            if standing.progression.active:
                pace = api[learner.id]["progressions"]
                state = next(p["pace"] for p in pace if p["progression_id"] == standing.progression.id)
                differ("flags", learner, ("behind", standing.progression.id), state in ("behind", "far_behind"),
                       (learner.id, standing.progression.id) in behind)

    print(f"{len(learners)} learners, {steps_seen} steps, {cells_seen} heatmap cells compared")
    assert steps_seen > 100 and cells_seen > 100
    assert not disagreements, disagreements[:20]
