"""A second CASE package, in Spanish, imported as the translation of a framework (issue 20): matched
by CFItem identifier, it gives the competencies, rubric levels and title their Spanish; a package in
another language or of another framework is refused with its JSON path."""
import io
import json

from tracker.competencies.interchange.case import export_package
from tracker.competencies.translation import translations_of
from tracker.extensions import db


def spanish_package(framework) -> dict:
    package = export_package(framework)
    package["CFDocument"]["title"] = "Matemáticas de 6.º"
    package["CFDocument"]["language"] = "es"
    for item in package["CFItems"]:
        item["fullStatement"] = "ES " + item["fullStatement"]
        item.setdefault("extensions", {})
        if item["extensions"].get("studentStatement"):
            item["extensions"]["studentStatement"] = "Puedo " + item["extensions"]["studentStatement"]
    for rubric in package.get("CFRubrics", []):
        for criterion in rubric["CFRubricCriteria"]:
            for level in criterion["CFRubricCriterionLevels"]:
                level["description"] = "ES " + level["description"]
    return package


def upload(client, framework, package):
    return client.post(f"/frameworks/{framework.id}/import-translation", data={
        "package": (io.BytesIO(json.dumps(package).encode()), "es.json")}, content_type="multipart/form-data")


def test_a_spanish_package_translates_a_published_framework(client, auth, author, make):
    framework = make.framework(status="published", title="Grade 6 math")
    first = make.competency(framework, code="A.1", statement="Add fractions", student_statement="add fractions",
                          rubric={3: "Adds unlike fractions"})
    second = make.competency(framework, code="A.2", statement="Subtract fractions")
    db.session.commit()
    package = spanish_package(framework)
    package["CFItems"].append({**package["CFItems"][0], "identifier": "7d1c7c36-0000-4000-8000-000000000000"})
    auth.as_user(author)
    response = upload(client, framework, package)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "2 competencies now have Spanish text (1 rubric levels)" in page
    assert "match no competency here" in page
    assert translations_of(first, "es") == {"statement": "ES Add fractions", "student_statement": "Puedo add fractions"}
    assert translations_of(second, "es") == {"statement": "ES Subtract fractions"}
    assert translations_of(first.rubric[0], "es") == {"descriptor": "ES Adds unlike fractions"}
    assert translations_of(framework, "es")["title"] == "Matemáticas de 6.º"
    assert framework.title == "Grade 6 math" and first.statement == "Add fractions"  # the original stays


def test_a_package_in_another_language_or_of_another_framework_is_refused(client, auth, author, make):
    framework = make.framework(status="draft")
    make.competency(framework, statement="Add fractions")
    other = make.framework(status="draft", title="Other")
    make.competency(other, statement="Something else")
    db.session.commit()
    auth.as_user(author)
    package = spanish_package(framework)
    package["CFDocument"]["language"] = "fr"
    page = upload(client, framework, package).get_data(as_text=True)
    assert "$.CFDocument.language" in page and "fr" in page
    page = upload(client, other, spanish_package(framework)).get_data(as_text=True)
    assert "$.CFItems" in page and "is it the translation of another framework?" in page
    page = upload(client, framework, {"CFDocument": {}}).get_data(as_text=True)
    assert "$.CFDocument.identifier" in page
