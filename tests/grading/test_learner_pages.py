"""Credits appear on the student's progress page, the family page, the transcript and its CSV."""
import csv
import io

from tracker.extensions import db

from .world import course, credit, place, progression_of


def _learner_with_credits(make):
    framework, competencies = course(make, 3)
    student = make.user("student")
    guardian = make.user("guardian")
    learner = make.learner(user=student, guardians=[guardian])
    for competency in competencies:
        make.decision(learner, competency)
    earned = credit(framework, competencies, title="Geometry 7", code="GEO7")
    other_framework, others = course(make, 4, framework=make.framework(title="Science"))
    make.decision(learner, others[0])
    credit(other_framework, others, title="Science 7", code="SCI7")
    db.session.commit()
    return learner, student, guardian, earned


def test_student_and_family_pages_show_credit_progress(app, make, client, auth):
    learner, student, guardian, _earned = _learner_with_credits(make)
    auth.as_user(student)
    page = client.get(f"/learners/{learner.id}/progress").get_data(as_text=True)
    assert "My course credits" in page and "Geometry 7" in page and "Earned on" in page
    assert "1 of 4 mastered; needs G.2, G.3, G.4" in page
    auth.as_user(guardian)
    page = client.get(f"/learners/{learner.id}/family").get_data(as_text=True)
    assert "Course credits" in page and "1 of 4 mastered" in page


def test_transcript_and_its_csv_list_the_credits_earned(app, make, client, auth):
    learner, student, _guardian, earned = _learner_with_credits(make)
    auth.as_user(student)
    page = client.get(f"/learners/{learner.id}/transcript").get_data(as_text=True)
    assert "Geometry 7" in page and "Earned on" in page
    text = client.get(f"/learners/{learner.id}/transcript.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    credits = [row for row in rows if row["record"] == "credit"]
    assert [(row["code"], row["competency"]) for row in credits] == [("GEO7", "Geometry 7")]
    assert credits[0]["mastered_on"] == max(row["mastered_on"] for row in rows if row["record"] == "competency")
    assert sum(1 for row in rows if row["record"] == "competency") == 4


def test_learner_pages_statements_do_not_grow_with_credits(app, make, client, auth, count_queries):
    from .world import scheme

    framework, competencies = course(make, 6)
    student = make.user("student")
    learner = make.learner(user=student)
    for competency in competencies[:3]:
        make.decision(learner, competency)
    scheme(framework.scale)
    db.session.commit()
    auth.as_user(student)
    counts = []
    for total in (1, 5):
        while len(counts) < total:
            credit(framework, competencies[: 2 + len(counts) % 4], title=f"Credit {len(counts)}")
            counts.append(None)
        db.session.commit()
        with count_queries() as progress:
            assert client.get(f"/learners/{learner.id}/progress").status_code == 200
        with count_queries() as grades:
            page = client.get(f"/learners/{learner.id}/grades")
            assert page.status_code == 200 and page.get_data(as_text=True).count('<li class="credit') == total
        counts[total - 1] = (progress.count, grades.count)
    assert counts[0] == counts[4], counts
    print("progress, grades statements:", counts[0])


def test_the_pages_read_where_the_learner_stands_once_for_their_credits_too(app, make, client, auth, count_queries):
    """A credit made from a progression counts the steps placed past: the progress and family pages
    hand it the standings they read for the map and pace, instead of the credits reading them again."""
    framework, competencies = course(make, 4)
    progression = progression_of(framework, competencies)
    student, guardian = make.user("student"), make.user("guardian")
    learner = make.learner(user=student, guardians=[guardian])
    place(learner, progression, start_position=3)  # G.1 and G.2 placed past
    credit(framework, competencies, title="Geometry path credit", code="GP", progression_id=progression.id)
    db.session.commit()
    for user, path in ((student, "progress"), (guardian, "family")):
        auth.as_user(user)
        with count_queries() as counter:
            page = client.get(f"/learners/{learner.id}/{path}").get_data(as_text=True)
        assert "2 of 4 mastered" in page, path
        placements = [s for s in counter.statements if "FROM placement" in s]
        assert len(placements) == 1, (path, placements)
        # the credit's mastered competencies come from the standings too (no roll-up rule among
        # them): the learner's decisions are read once, and the framework's tree not at all
        decisions = [s for s in counter.statements if "FROM mastery_decision" in s]
        assert len(decisions) == 1, (path, decisions)
        assert not [s for s in counter.statements if "rollup_rule" in s and "FROM competency" in s
                    and "progression_step" not in s], path


def test_a_credit_counts_a_roll_up_its_learners_progression_does_not_walk(app, make, client, auth):
    """The page's standings know only decisions when the progression has no roll-up step; a credit
    holding a roll-up (RP.3 over RP.3.a and .b) still sees it mastered once its children are."""
    framework = make.framework(title="Ratios")
    parent = make.competency(framework, code="RP.3", statement="Use ratio reasoning")
    parent.rollup_rule = "all"
    children = [make.competency(framework, code=f"RP.3.{letter}", statement=f"Ratio part {letter}")
                for letter in "ab"]
    for child in children:
        child.parent_id = parent.id
    progression = progression_of(framework, children, title="Ratio parts")
    student = make.user("student")
    learner = make.learner(user=student)
    place(learner, progression, start_position=1)
    for child in children:
        make.decision(learner, child)
    credit(framework, [parent], title="Ratio reasoning credit", code="RR")
    db.session.commit()
    auth.as_user(student)
    page = client.get(f"/learners/{learner.id}/progress").get_data(as_text=True)
    assert "Ratio reasoning credit" in page
    assert "Earned" in page
