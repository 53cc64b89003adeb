"""The one competency picker: the framework's tree order, a group per domain, the student's version."""
from types import SimpleNamespace

from tracker.competencies.models import Competency, Framework, ProficiencyScale
from tracker.competencies.picker import INDENT, arrange, option_ids, picker_groups
from tracker.extensions import db


def item(id, code, parent_id=None, position=0, statement=None, i_can=None):
    return SimpleNamespace(id=id, code=code, parent_id=parent_id, position=position,
                           statement=statement or f"Staff words for {code}", student_statement=i_can)


# Stored in an order that scrambles a flat sort by (position, code): siblings share positions
# across domains, and ids do not follow the tree.
MATH = [
    item(1, "MATH.6.NS", position=2, statement="The Number System"),
    item(2, "MATH.6.RP", position=1, statement="Ratios and Proportional Relationships"),
    item(3, "MATH.6.NS.1", parent_id=1, position=1, i_can="I can divide fractions."),
    item(4, "MATH.6.RP.2", parent_id=2, position=2, i_can="I can use unit rates."),
    item(5, "MATH.6.RP.1", parent_id=2, position=1, i_can="I can explain a ratio."),
    item(6, "MATH.6.RP.1.a", parent_id=5, position=1, i_can="I can write a ratio three ways."),
    item(7, "MATH.6.NS.6", parent_id=1, position=2),
]
HABITS = [item(20, "HAB.2", position=2, i_can="I can keep going."), item(21, "HAB.1", position=1)]


def codes(group):
    return [option.text.strip(INDENT).split(" ")[0] for option in group.options]


def test_options_follow_the_tree_with_a_group_per_domain():
    groups = arrange([("Habits", HABITS), ("Math 6", MATH)])
    assert [group.label for group in groups] == [
        "Habits", "Math 6 · Ratios and Proportional Relationships", "Math 6 · The Number System"]
    assert codes(groups[0]) == ["HAB.1", "HAB.2"]
    assert codes(groups[1]) == ["MATH.6.RP", "MATH.6.RP.1", "MATH.6.RP.1.a", "MATH.6.RP.2"]
    assert codes(groups[2]) == ["MATH.6.NS", "MATH.6.NS.1", "MATH.6.NS.6"]
    rp = groups[1].options
    assert [option.text.count(INDENT) for option in rp] == [0, 1, 2, 1]  # depth shows as indentation
    assert rp[1].text == INDENT + "MATH.6.RP.1 Staff words for MATH.6.RP.1"
    assert "I can explain a ratio." in rp[1].search  # staff can find it by the student's words too


def test_loose_top_level_items_keep_their_place_between_domains():
    items = [item(1, "A", position=1), item(2, "B", position=2, statement="Domain B"),
             item(3, "B.1", parent_id=2), item(4, "C", position=3)]
    groups = arrange([("F", items)])
    assert [(group.label, codes(group)) for group in groups] == [
        ("F", ["A"]), ("F · Domain B", ["B", "B.1"]), ("F", ["C"])]


def test_the_students_version_shows_i_can_statements_and_its_steps_first():
    groups = arrange([("Math 6", MATH)], student=True, first_ids=[4, 999, 3], first_label="My next steps")
    assert groups[0].label == "My next steps"
    assert [option.text for option in groups[0].options] == [
        "MATH.6.RP.2 I can use unit rates.", "MATH.6.NS.1 I can divide fractions."]
    texts = [option.text for group in groups for option in group.options]
    assert not any("Staff words" in text for text in texts)
    assert INDENT + "MATH.6.NS.6" in texts  # no "I can" statement: the code alone, never the staff words
    assert all("Staff words" not in option.search for group in groups for option in group.options)


def test_long_statements_are_shortened_and_a_nameless_item_keeps_its_staff_words():
    long = item(1, "X.1", statement="word " * 40)
    assert arrange([("F", [long])])[0].options[0].text.endswith("…")
    assert len(arrange([("F", [long])])[0].options[0].text) <= 110
    bare = item(2, None, statement="A competency with no code")
    assert arrange([("F", [bare])], student=True)[0].options[0].text == "A competency with no code"


def _framework(title, status="published", educator=False):
    scale = ProficiencyScale(name=f"Scale {title}", mastery_threshold=3)
    framework = Framework(title=title, scale=scale, status=status, is_educator_framework=educator)
    db.session.add(framework)
    db.session.flush()
    return framework


def test_picker_groups_reads_frameworks_in_use_by_title(app, count_queries):
    for title, status, educator in (("B draft", "draft", False), ("A in use", "published", False),
                                    ("C retired", "retired", False), ("D educators", "published", True)):
        framework = _framework(title, status, educator)
        domain = Competency(framework=framework, code=f"{title[0]}.D", statement="Domain", position=1)
        db.session.add(domain)
        db.session.flush()
        db.session.add_all([
            Competency(framework=framework, parent_id=domain.id, code=f"{title[0]}.2", statement="Two", position=2),
            Competency(framework=framework, parent_id=domain.id, code=f"{title[0]}.1", statement="One", position=1,
                       student_statement="I can one.")])
    db.session.commit()

    with count_queries() as counted:
        groups = picker_groups()
    assert counted.count == 2
    assert [(group.label, codes(group)) for group in groups] == [
        ("A in use · Domain", ["A.D", "A.1", "A.2"]), ("B draft · Domain", ["B.D", "B.1", "B.2"]),
        ("D educators · Domain", ["D.D", "D.1", "D.2"])]
    assert [group.label for group in picker_groups(educator=False)] == ["A in use · Domain", "B draft · Domain"]
    assert [group.label for group in picker_groups(educator=True)] == ["D educators · Domain"]
    # a draft never reaches a student
    student = picker_groups(educator=False, student=True)
    assert [group.label for group in student] == ["A in use · Domain"]
    assert "I can one." in student[0].options[1].text
    assert len(option_ids(picker_groups())) == 9
