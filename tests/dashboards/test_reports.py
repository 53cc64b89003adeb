"""The continuous-improvement report: figures, suppression of small groups, CSV, query count."""
import csv
import io

from datetime import timedelta

import plotly.graph_objects as go

from tracker.extensions import db
from tracker.supports.flag_rules import school_days_between
from tracker.timeutil import utcnow

from .conftest import build_class, set_equity
from .test_heatmap import figure_of


def table(client, key, **args):
    query = "&".join([f"table={key}"] + [f"{k}={v}" for k, v in args.items()])
    text = client.get(f"/admin/reports.csv?{query}").get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_small_groups_and_their_complements_are_suppressed(client, auth, make):
    world = build_class(make, size=14)
    for n, learner in enumerate(world.learners):
        set_equity(learner, english_learner=n < 3, iep_504=n < 7, gender="female" if n % 2 else "male")
    db.session.commit()
    auth.as_user(make.admin())
    rows = {row[0]: row for row in table(client, "pace", section_id=world.section.id)}
    assert rows["All learners"][1] == "14"
    suppressed = "suppressed (fewer than 10)"
    # English learners: 3 (suppressed) and 11 others, also hidden: else 14 - 11 gives the 3 away.
    pace = table(client, "pace", section_id=world.section.id)
    heading = pace.index(["English learner"] + [""] * 8)  # a column per pace state, "No pace set" too
    english = pace[heading + 1: heading + 3]
    assert [r[0] for r in english] == ["Yes", "No"] and all(r[1] == suppressed for r in english)
    heading = pace.index(["Gender"] + [""] * 8)
    assert sorted(r[0] for r in pace[heading + 1: heading + 3]) == ["Female", "Male"]  # words, not codes
    # The share of flags acted on, by subgroup, is hidden the same way.
    timeliness = table(client, "timeliness", section_id=world.section.id)
    heading = timeliness.index(["English learner"] + [""] * 7)
    assert all(r[4] == suppressed for r in timeliness[heading + 1: heading + 3])
    html = client.get(f"/admin/reports?section_id={world.section.id}").get_data(as_text=True)
    assert suppressed in html
    for chart in ("pace-chart", "timeliness-chart", "support-chart", "validation-chart"):
        go.Figure(figure_of(html, chart)["figure"])


def test_the_figures_for_a_section(client, auth, make):
    world = build_class(make, size=10)
    auth.as_user(make.admin())
    rows = table(client, "timeliness", section_id=world.section.id)
    assert rows[0][:3] == ["Group", "Requests decided", "Median days, request to decision"]
    everyone = rows[1]
    assert everyone[0] == "All learners" and everyone[1] == "10" and everyone[2] == "7.0"
    # 2 flags raised 5 days ago, 1 with support after 2 days, 1 still waiting: S falls to 1/2 on the
    # supported flag's day, the median; the waiting flag decides how far the estimate reaches.
    raised = (utcnow() - timedelta(days=5)).date()
    supported_on = school_days_between(raised, raised + timedelta(days=2))
    waited = school_days_between(raised, utcnow().date())
    assert rows[0][3:] == ["Support flags", "Flags acted on", "Median school days, flag to support",
                           "Supported within 5 school days", "Supported within 10 school days"]
    assert everyone[3:6] == ["2", "1 (50%)", str(supported_on)]
    assert everyone[6] == ("50%" if waited >= 5 else "—") and everyone[7] == "—"
    validation = table(client, "validation", section_id=world.section.id)[1]
    assert validation == ["All learners", "10", "10", "100%", "2", "1"]
    sections = {row[0]: row for row in table(client, "section")}
    assert sections[world.section.label][1] == "10"


def test_a_population_under_ten_is_suppressed_whole(client, auth, make):
    world = build_class(make, size=4)
    auth.as_user(make.admin())
    rows = table(client, "pace", section_id=world.section.id)
    assert rows[1][0] == "All learners" and rows[1][1] == "suppressed (fewer than 10)"


def test_the_report_costs_the_same_statements_for_more_learners(client, auth, make, count_queries):
    counts = []
    user = None
    for size in (3, 12):
        world = build_class(make, size=size, title=f"Math {size}")
        for n, learner in enumerate(world.learners):
            set_equity(learner, english_learner=n % 3 == 0, race_ethnicity="Asian" if n % 2 else "White")
        db.session.commit()
        user = user or make.admin()
        auth.as_user(user)
        for address in ("/admin/reports", f"/admin/reports?section_id={world.section.id}&by=gender",
                        "/admin/reports.csv?table=section"):
            with count_queries() as counter:
                assert client.get(address).status_code == 200
            counts.append(counter.count)
    assert counts[:3] == counts[3:], counts
    # the request's own, 3 for the scope and 8 for the facts (the refresh check, learners, sections, paces,
    # decided requests, flags, settings, calendars); 15, 15 and 14 when every learner's facts were read
    assert counts[:3] == [13, 13, 12], counts
