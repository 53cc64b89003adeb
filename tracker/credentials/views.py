import json

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_learner_or_404, get_or_404
from ..dashboards.learner_pages import as_of_choice, as_of_context, as_of_detail
from ..extensions import db
from ..form_helpers import posted_id
from ..grading.service import credits_for_learner
from ..printing import file_stem, pdf_response
from ..listing import csv_response
from ..rosters.models import School
from . import batch, bp, clr, keys, service
from .badges import controller_document
from .models import IssuedCredential


def _json_download(document, filename: str) -> Response:
    response = Response(json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/ld+json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/learners/<int:learner_id>/credentials")
@access.rule("learner")
def list_credentials(learner_id: int):
    learner = get_learner_or_404(learner_id)
    audit.record_learner_view(current_user, learner, "credentials")
    html = render_template("credentials/list.html", learner=learner,
                           issued=service.issued_for(learner), pending=service.pending_decisions(learner),
                           may_issue=policy.can_issue_credentials(current_user, learner),
                           may_revoke=policy.is_admin(current_user))
    return html


@bp.route("/learners/<int:learner_id>/credentials/issue", methods=["POST"])
@access.rule("learner_staff")
def issue_credentials(learner_id: int):
    learner = get_learner_or_404(learner_id, issue=True)
    created = service.issue_pending(learner, current_user, request.host_url)
    for credential in created:
        audit.record(current_user, "credential.issue", credential, learner_id=learner.id)
    flash(_("%(n)s credentials issued.", n=len(created)) if created else
          _("Every validated mastery already has its credential."), "success")
    return redirect(url_for("credentials.list_credentials", learner_id=learner.id))


@bp.route("/learners/<int:learner_id>/credentials.json")
@access.rule("learner")
def download_credentials(learner_id: int):
    learner = get_learner_or_404(learner_id)
    body = service.credentials_response(service.issued_for(learner))
    audit.record_learner_view(current_user, learner, "credentials_json")
    return _json_download(body, f"credentials-learner-{learner.id}.json")


@bp.route("/learners/<int:learner_id>/credentials/<int:credential_id>.json")
@access.rule("learner")
def download_credential(learner_id: int, credential_id: int):
    learner = get_learner_or_404(learner_id)
    credential = get_or_404(IssuedCredential, credential_id)
    if credential.learner_id != learner.id:
        abort(404)
    document, filename = credential.document, f"credential-{credential.uuid}.json"
    audit.record_learner_view(current_user, learner, "credential_json", credential_id=credential.id)
    return _json_download(document, filename)


@bp.route("/credentials/status/<int:school_id>")
@access.public
def show_status_list(school_id: int):
    """The school's revocation list: a signed BitstringStatusListCredential (status_list.py)."""
    school = get_or_404(School, school_id)
    try:
        document = service.status_list_credential(school, request.host_url)
    except RuntimeError as problem:  # the key cannot be read (SECRET_KEY changed): say so, never a 500
        return jsonify({"error": str(problem)}), 503
    except LookupError as problem:
        return jsonify({"error": str(problem)}), 404
    response = jsonify(document)
    response.headers["Cache-Control"] = "no-cache"  # a revocation shows at once
    return response


@bp.route("/learners/<int:learner_id>/credentials/<int:credential_id>/revoke", methods=["POST"])
@access.rule("admin", learner_data=False)
def revoke_credential(learner_id: int, credential_id: int):
    learner = get_learner_or_404(learner_id)
    credential = get_or_404(IssuedCredential, credential_id)
    if credential.learner_id != learner.id:
        abort(404)
    try:
        service.revoke(credential, current_user, request.form.get("reason", ""))
    except service.NotRevocable as problem:
        flash(str(problem), "error")
    else:
        flash(_("The credential is revoked: anyone who checks it now sees that."), "success")
    return redirect(url_for("credentials.list_credentials", learner_id=learner.id))


@bp.route("/credentials/issuers/<int:school_id>")
@access.public
def show_issuer(school_id: int):
    """The school's public issuer profile, a controller document naming every key it has signed with."""
    school = get_or_404(School, school_id)
    return controller_document(request.host_url, school, keys.school_keys(school.id))


@bp.route("/learners/<int:learner_id>/transcript")
@access.rule("learner")
def show_transcript(learner_id: int):
    return _transcript_page(get_learner_or_404(learner_id), *as_of_choice(request.args.get("as_of")))


@bp.route("/learners/<int:learner_id>/transcript.pdf")
@access.rule("learner")
def download_transcript(learner_id: int):
    learner = get_learner_or_404(learner_id)
    as_of, _problem = as_of_choice(request.args.get("as_of"))  # a file has nowhere to say it: today
    return pdf_response(_transcript_page(learner, as_of, format="pdf"),
                        f"transcript-{file_stem(learner.display_name)}{'-' + as_of.isoformat() if as_of else ''}.pdf")


def _transcript_page(learner, as_of=None, as_of_problem=None, **detail) -> str:
    if policy.is_staff(current_user):
        audit.record(current_user, "learner.view_transcript", learner, **detail, **as_of_detail(as_of))
    return render_template("credentials/transcript.html", learner=learner, rows=service.transcript(learner, as_of),
                           credit_lines=credits_for_learner(learner, as_of=as_of),
                           **as_of_context(as_of, as_of_problem))


@bp.route("/learners/<int:learner_id>/transcript.csv")
@access.rule("learner")
def transcript_csv(learner_id: int):
    learner = get_learner_or_404(learner_id)
    as_of, _problem = as_of_choice(request.args.get("as_of"))  # a file has nowhere to say it: today
    # Each competency with its CASE identifiers (the framework's CFDocument and the item's CFItem, as the
    # CASE export and API give them), so a receiving system can match it to the same standard.
    rows = [(r.framework.title, r.framework.version, r.competency.code, r.competency.statement, r.level,
             r.level_label, r.mastered_on, r.validated_by, "competency", r.framework.identifier,
             r.competency.identifier)
            for r in service.transcript(learner, as_of)]
    # Credits earned follow the competencies: the course code and title, and the day it was earned.
    rows += [("", "", line.credit.code, line.credit.title, None, _("Credit earned"), line.progress.earned_on, "",
              "credit", "", "") for line in credits_for_learner(learner, as_of=as_of) if line.progress.earned]
    audit.record_learner_view(current_user, learner, "transcript_csv", **as_of_detail(as_of))
    filename = f"transcript-{learner.id}{'-' + as_of.isoformat() if as_of else ''}.csv"
    return csv_response(
        filename,
        ["framework", "framework_version", "code", "competency", "level", "level_label", "mastered_on", "validated_by",
         "record", "case_document_identifier", "case_item_identifier"],
        rows)


@bp.route("/learners/<int:learner_id>/learner-record.json")
@access.rule("learner")
def download_clr(learner_id: int):
    """The learner's whole record as one signed CLR 2.0 ClrCredential (clr.py), as of a day when asked."""
    learner = get_learner_or_404(learner_id)
    as_of, _problem = as_of_choice(request.args.get("as_of"))  # a file has nowhere to say it: today
    try:
        document = clr.clr_credential(learner, request.host_url, as_of)
    except clr.NothingToRecord:
        flash(_("There is nothing to put in a learner record yet: no validated mastery and no credit."), "error")
        return redirect(url_for("credentials.show_transcript", learner_id=learner.id))
    except RuntimeError:  # the school's key cannot be read (SECRET_KEY changed): say so, never a 500
        flash(_("The school's signing key cannot be read (it was made under another secret key): an "
                "administrator makes a new one on the signing keys page."), "error")
        return redirect(url_for("credentials.show_transcript", learner_id=learner.id))
    audit.record_learner_view(current_user, learner, "learner_record", **as_of_detail(as_of))
    filename = f"learner-record-{learner.id}{'-' + as_of.isoformat() if as_of else ''}.json"
    return Response(json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/ld+json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/admin/credentials/batch", methods=["POST"])
@access.rule("admin", learner_data=False)
def issue_school_batch():
    """Issue every pending credential of a school, on the job queue (batch.py)."""
    school = db.session.get(School, posted_id(request.form.get("school_id")) or 0)
    if school is None:
        flash(_("Choose a school."), "error")
        return redirect(url_for("credentials.manage_keys"))
    job = batch.queue_batch(school, current_user, request.host_url)
    flash(_("Every pending credential of %(school)s is being issued in the background (job #%(job)s): the jobs "
            "page shows how many.", school=school.name, job=job.id), "success")
    return redirect(url_for("jobs.list_jobs"))


@bp.route("/admin/credentials/keys", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def manage_keys():
    schools = list(db.session.scalars(select(School).order_by(School.name)))
    if request.method == "POST":
        school = db.session.get(School, posted_id(request.form.get("school_id")) or 0)
        if school is None:
            flash(_("Choose a school."), "error")
        else:
            key = keys.rotate(school.id)
            audit.record(current_user, "signing_key.rotate", key, school_id=school.id)
            flash(_("A new signing key is active for %(school)s. Credentials signed before still verify.",
                    school=school.name), "success")
            return redirect(url_for("credentials.manage_keys"))
    return render_template("credentials/keys.html", schools=[(s, keys.school_keys(s.id)) for s in schools])
