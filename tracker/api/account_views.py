"""Personal API tokens (account page) and the admin's xAPI mappings and unmatched statements."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..audit import service as audit
from ..auth import access
from ..competencies.models import Competency
from ..competencies.picker import picker_groups
from ..extensions import db
from ..form_helpers import posted_id
from . import bp, tokens, xapi
from .models import XapiMapping


@bp.route("/account/tokens", methods=["GET", "POST"])
@access.rule("signed_in", learner_data=False)
def manage_tokens():
    new_token = None
    if request.method == "POST":
        name = (request.form.get("name") or "").strip()
        if not name or len(name) > 100:
            flash(_("Give the token a name of 1 to 100 characters, such as the tool that will use it."), "error")
        else:
            row, new_token = tokens.create_token(current_user, name)
            audit.record(current_user, "api_token.create", row)
    return render_template("api/tokens.html", tokens=tokens.tokens_of(current_user), new_token=new_token)


@bp.route("/account/tokens/revoke", methods=["POST"])
@access.signed_in
def revoke_token():
    token_id = posted_id(request.form.get("token_id"))
    if token_id is not None and tokens.revoke(current_user, token_id):
        audit.record(current_user, "api_token.revoke", object_type="api_token", object_id=token_id)
        flash(_("The token is revoked; tools using it can no longer connect."), "success")
    else:
        flash(_("No such token of yours is active."), "error")
    return redirect(url_for("api.manage_tokens"))


@bp.route("/admin/xapi", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def manage_xapi():
    errors = {}
    if request.method == "POST":
        activity_id = (request.form.get("activity_id") or "").strip()
        competency = db.session.get(Competency, posted_id(request.form.get("competency_id")) or 0)
        if not xapi.IRI.match(activity_id) or len(activity_id) > 1000:
            errors["activity_id"] = _("Enter the activity's IRI, for example https://tool.example/activities/42.")
        elif db.session.scalar(select(XapiMapping).where(XapiMapping.activity_id == activity_id)):
            errors["activity_id"] = _("This activity is already mapped.")
        if competency is None:
            errors["competency_id"] = _("Choose a competency.")
        if not errors:
            mapping = XapiMapping(activity_id=activity_id, competency_id=competency.id, created_by_id=current_user.id)
            db.session.add(mapping)
            db.session.flush()
            audit.record(current_user, "xapi_mapping.create", mapping)
            flash(_("Mapped. New statements about this activity become evidence."), "success")
            return redirect(url_for("api.manage_xapi"))
    return _xapi_page(errors)


def _xapi_page(errors: dict, new_key=None, new_secret=None):
    mappings = list(db.session.scalars(select(XapiMapping).order_by(XapiMapping.created_at.desc())))
    return render_template("api/xapi.html", mappings=mappings, unmatched=xapi.unmatched(),
                           groups=picker_groups(), errors=errors, form=request.form,
                           tool_keys=tokens.tool_keys(), new_key=new_key, new_secret=new_secret)


@bp.route("/admin/xapi/keys", methods=["POST"])
@access.rule("admin", learner_data=False)
def create_tool_key():
    """A key and secret for a tool's HTTP Basic sign-in, shown once on the page (never stored in clear)."""
    name = (request.form.get("name") or "").strip()
    if not name or len(name) > 100:
        return _xapi_page({"tool_name": _("Give the tool a name of 1 to 100 characters, such as “Storyline course”.")})
    row, secret = tokens.create_tool_key(current_user, name)
    audit.record(current_user, "api_token.create_tool_key", row)
    return _xapi_page({}, new_key=row, new_secret=secret)


@bp.route("/admin/xapi/keys/revoke", methods=["POST"])
@access.rule("admin", learner_data=False)
def revoke_tool_key():
    token_id = posted_id(request.form.get("token_id"))
    if token_id is not None and tokens.revoke_tool_key(token_id):
        audit.record(current_user, "api_token.revoke", object_type="api_token", object_id=token_id)
        flash(_("The key is revoked; the tool using it can no longer connect."), "success")
    else:
        flash(_("No such key is active."), "error")
    return redirect(url_for("api.manage_xapi"))


@bp.route("/admin/xapi/delete", methods=["POST"])
@access.rule("admin")
def delete_xapi_mapping():
    mapping = db.session.get(XapiMapping, posted_id(request.form.get("mapping_id")) or 0)
    if mapping is not None:
        audit.record(current_user, "xapi_mapping.delete", mapping, activity_id=mapping.activity_id)
        db.session.delete(mapping)
        flash(_("The mapping is removed. Evidence already recorded stays."), "success")
    return redirect(url_for("api.manage_xapi"))
