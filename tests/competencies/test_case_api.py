"""The CASE 1.1 REST API serves published frameworks, valid against the CASE 1.1 schema, with the
spec's imsx_StatusInfo for what it does not have; drafts are not served."""
import json
from pathlib import Path

import jsonschema
import pytest

from tracker.extensions import db

from .test_case import schema_errors

PREFIX = "/ims/case/v1p1"
STATUS_SCHEMA = Path("/work/shared/interop/openbadges/schema/imsx_statusinfo.json")


@pytest.fixture
def published(fw):
    framework = fw.framework(title="Served", status="published")
    domain, first, _second = fw.tree(framework, domains=1, per_domain=2)
    draft = fw.framework(title="Not yet")
    fw.tree(draft, domains=1, per_domain=1)
    db.session.commit()
    return framework, domain, first, draft


def test_documents_packages_items_and_associations_are_served(client, published):
    framework, domain, first, draft = published
    listed = client.get(f"{PREFIX}/CFDocuments").json["CFDocuments"]
    assert [d["identifier"] for d in listed] == [framework.identifier]  # no draft
    assert listed[0]["CFPackageURI"]["uri"].endswith(f"{PREFIX}/CFPackages/{framework.identifier}")
    document = client.get(f"{PREFIX}/CFDocuments/{framework.identifier}").json
    assert document["title"] == "Served" and document["caseVersion"] == "1.1"
    package = client.get(f"{PREFIX}/CFPackages/{framework.identifier}").json
    assert schema_errors(package) == [] and len(package["CFItems"]) == 3
    item = client.get(f"{PREFIX}/CFItems/{first.identifier}").json
    assert item["fullStatement"] == first.statement
    assert item["CFDocumentURI"]["identifier"] == framework.identifier
    child_of = next(a for a in package["CFAssociations"] if a["originNodeURI"]["identifier"] == first.identifier)
    association = client.get(f"{PREFIX}/CFAssociations/{child_of['identifier']}").json
    assert association["destinationNodeURI"]["identifier"] == domain.identifier
    linked = client.get(f"{PREFIX}/CFItemAssociations/{domain.identifier}").json
    assert linked["CFItem"]["identifier"] == domain.identifier
    assert len(linked["CFAssociations"]) == 3  # under the document, and the two items under it


@pytest.mark.parametrize("path", ["CFDocuments", "CFPackages", "CFItems", "CFItemAssociations", "CFAssociations"])
def test_unknown_or_draft_answers_404_with_imsx_status(client, published, path):
    _framework, _domain, _first, draft = published
    for identifier in (draft.identifier, "00000000-0000-4000-8000-000000000000", "not a uuid"):
        response = client.get(f"{PREFIX}/{path}/{identifier}")
        assert response.status_code == 404
        # the imsx_StatusInfo shape (1EdTech's schema, shipped with Open Badges); its codeMinor
        # vocabulary is Open Badges', so the CASE value (unknownobject) is checked on its own
        errors = jsonschema.Draft201909Validator(json.loads(STATUS_SCHEMA.read_text())).iter_errors(response.json)
        assert [e.message for e in errors if "imsx_codeMinorFieldValue" not in e.absolute_path] == []
        assert response.json["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "unknownobject"


def test_the_openapi_document_describes_the_case_endpoints(client):
    paths = client.get("/api/openapi.json").json["paths"]
    for path in ("CFDocuments", "CFDocuments/{case_document_id}", "CFPackages/{case_document_id}",
                 "CFItems/{case_item_id}", "CFItemAssociations/{case_item_id}",
                 "CFAssociations/{case_association_id}"):
        assert paths[f"{PREFIX}/{path}"]["get"]["security"] == []
