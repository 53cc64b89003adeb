"""Importing or re-syncing a framework from another CASE server: the address, the server's documents, the
preview of what would change, and the import once confirmed (case_server.py)."""
from flask import abort, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import access, policy
from ..auth.loaders import get_framework_or_404
from . import bp, case_server
from .forms import CaseConfirmForm, CaseServerForm
from .interchange.case_client import FetchProblem, documents, resolve
from .models import ImportJob


def _page(form, *, listed=None, found=None, framework=None, status: int = 200):
    confirm = None
    if found is not None and found.report is not None:
        confirm = CaseConfirmForm(formdata=None, address=found.fetched.url, digest=found.fetched.digest)
    return render_template("competencies/import_server.html", form=form, listed=listed, found=found,
                           confirm=confirm, framework=framework), status


def _look(form, address: str, framework=None):
    """The server's documents, or the preview of one package, for `address`; a problem goes to the field."""
    try:
        kind, url = resolve(address)
        if kind == "list":
            return _page(form, listed=documents(url), framework=framework)
        return _page(form, found=case_server.preview(url), framework=framework)
    except FetchProblem as problem:
        form.address.errors = [*form.address.errors, str(problem)]
        return _page(form, framework=framework, status=400)


@bp.route("/frameworks/import-from-server", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def import_from_server():
    if not policy.can_author_frameworks(current_user):
        abort(403)
    form = CaseServerForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.is_submitted() else 200)
    return _look(form, form.address.data)


@bp.route("/frameworks/import-from-server/confirm", methods=["POST"])
@access.rule("author", learner_data=False)
def confirm_import_from_server():
    if not policy.can_author_frameworks(current_user):
        abort(403)
    confirm = CaseConfirmForm()
    form = CaseServerForm(formdata=None, address=confirm.address.data)
    if not confirm.validate_on_submit():
        form.address.errors = [_("The preview was not complete: show it again, then import.")]
        return _page(form, status=400)
    try:
        outcome = case_server.confirm(confirm.address.data, confirm.digest.data, current_user, str(get_locale()))
    except FetchProblem as problem:
        form.address.errors = [str(problem)]
        return _page(form, status=400)
    if isinstance(outcome, ImportJob):
        return redirect(url_for("competencies.show_import", job_id=outcome.id))
    return _page(form, found=outcome)


@bp.route("/frameworks/<int:framework_id>/resync", methods=["POST"])
@access.rule("author", learner_data=False)
def resync_framework(framework_id: int):
    """What the framework's CASE server has now, as a preview (the framework was imported from it)."""
    framework = get_framework_or_404(framework_id, author=True)
    form = CaseServerForm(formdata=None, address=framework.case_source_url)
    if not framework.case_source_url:
        form.address.errors = [_("This framework was not imported from a CASE server: give the address of its "
                                 "package to see what importing it would change.")]
        return _page(form, framework=framework)
    return _look(form, framework.case_source_url, framework)
