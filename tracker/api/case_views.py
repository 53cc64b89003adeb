"""The CASE 1.1 REST API (read): published frameworks for other tools, no sign-in needed.

/ims/case/v1p1/CFDocuments, CFDocuments/{id}, CFPackages/{id}, CFItems/{id},
CFItemAssociations/{id} and CFAssociations/{id}; what is not found answers 404 with the spec's imsx_StatusInfo.
"""
from flask import jsonify, url_for

from ..auth import access
from ..competencies.interchange import case_api
from . import bp

PREFIX = case_api.PREFIX


def _not_found(identifier: str):
    status = {"imsx_codeMajor": "failure", "imsx_severity": "error",
              "imsx_description": f"No published CASE object has the identifier {identifier}.",
              "imsx_codeMinor": {"imsx_codeMinorField": [
                  {"imsx_codeMinorFieldName": "sourcedId", "imsx_codeMinorFieldValue": "unknownobject"}]}}
    return jsonify(status), 404


def _answer(found, identifier: str):
    return jsonify(found) if found is not None else _not_found(identifier)


def _package_uri(identifier: str) -> str:
    return url_for("api.case_package", case_document_id=identifier, _external=True)


@bp.route(f"{PREFIX}/CFDocuments")
@access.public
def case_documents():
    return jsonify({"CFDocuments": case_api.documents(_package_uri)})


@bp.route(f"{PREFIX}/CFDocuments/<case_document_id>")
@access.public
def case_document(case_document_id: str):
    found = case_api.package(case_document_id)
    return _answer(found and case_api.document(found, _package_uri), case_document_id)


@bp.route(f"{PREFIX}/CFPackages/<case_document_id>")
@access.public
def case_package(case_document_id: str):
    return _answer(case_api.package(case_document_id), case_document_id)


@bp.route(f"{PREFIX}/CFItems/<case_item_id>")
@access.public
def case_item(case_item_id: str):
    return _answer(case_api.item(case_item_id), case_item_id)


@bp.route(f"{PREFIX}/CFItemAssociations/<case_item_id>")
@access.public
def case_item_associations(case_item_id: str):
    return _answer(case_api.item_associations(case_item_id), case_item_id)


@bp.route(f"{PREFIX}/CFAssociations/<case_association_id>")
@access.public
def case_association(case_association_id: str):
    return _answer(case_api.association(case_association_id), case_association_id)
