"""Content translations entered on the forms (issue 20): a Spanish box beside the English, kept as a
content translation, shown again on the form, read by in_reader_language in the reader's language."""
from flask_babel import refresh
from sqlalchemy import select

from tracker.competencies.models import Competency
from tracker.competencies.translation import in_reader_language, lang_marked, translations_of
from tracker.extensions import db
from tests.competencies.test_pages import competency_form


def test_competency_form_keeps_the_spanish_beside_the_english(app, client, auth, author, fw):
    framework = fw.framework(status="draft")
    db.session.commit()
    auth.as_user(author)
    response = client.post(f"/frameworks/{framework.id}/competencies/new", data=competency_form(
        statement_es="Comprender las razones", student_statement_es="Puedo explicar una razón"))
    assert response.status_code == 302
    competency = db.session.scalar(select(Competency).where(Competency.statement == "Understand ratios"))
    assert translations_of(competency, "es") == {"statement": "Comprender las razones",
                                                 "student_statement": "Puedo explicar una razón"}
    form = client.get(f"/competencies/{competency.id}/edit").get_data(as_text=True)
    assert "Puedo explicar una razón" in form and 'lang="es"' in form
    # Emptying a box removes that translation; the other stays.
    client.post(f"/competencies/{competency.id}/edit", data=competency_form(
        statement_es="", student_statement_es="Puedo explicar una razón"))
    assert translations_of(competency, "es") == {"student_statement": "Puedo explicar una razón"}

    with app.test_request_context(headers={"Accept-Language": "es"}):
        refresh()
        shown = in_reader_language(competency, "student_statement", "statement")
        assert (shown, shown.lang) == ("Puedo explicar una razón", "es")
        staff = in_reader_language(competency, "statement")
        assert (staff, staff.lang) == ("Understand ratios", "en")
        assert str(lang_marked(staff)) == '<span lang="en">Understand ratios</span>'
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()
        assert str(lang_marked(in_reader_language(competency, "student_statement"))) == "I can explain a ratio"


def test_rubric_and_scale_labels_take_spanish(app, client, auth, author, fw):
    scale = fw.scale()
    framework = fw.framework(status="draft", scale=scale)
    competency = fw.competency(framework)
    db.session.commit()
    auth.as_user(author)
    response = client.post(f"/competencies/{competency.id}/rubric", data={
        "level_3": "Explains ratios in words", "level_3_es": "Explica las razones con palabras"})
    assert response.status_code == 302
    descriptor = competency.rubric[0]
    assert translations_of(descriptor, "es") == {"descriptor": "Explica las razones con palabras"}
    assert "Explica las razones con palabras" in client.get(f"/competencies/{competency.id}/rubric").get_data(
        as_text=True)

    rows = {f"levels-{i}-{key}": value for i, level in enumerate(scale.levels)
            for key, value in (("number", level.number), ("label", level.label), ("descriptor", ""),
                               ("label_es", "Competente" if level.number == 3 else ""))}
    response = client.post(f"/scales/{scale.id}/edit", data={"name": scale.name, "description": "",
                                                             "mastery_threshold": "3", **rows})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    level = next(level for level in scale.levels if level.number == 3)
    assert translations_of(level, "es") == {"label": "Competente"}
    with app.test_request_context(headers={"Accept-Language": "es"}):
        refresh()
        assert scale.label_to_show(3) == "Competente" and scale.label_to_show(1).lang == "en"
