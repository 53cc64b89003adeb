"""The audit log, for admins: browse with filters, and download as CSV."""
from flask import Response, abort, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import access
from ..listing import page_number
from ..timeutil import utcnow
from .action_words import action_words
from . import browse, bp, service
from .forms import AuditFilterForm


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(formdata=request.args)
    form.action.choices = [("", _("Any action"))] + [(a, action_words(a)) for a in browse.actions()]
    form.validate()
    return form


@bp.route("/audit")
@access.rule("admin", learner_data=False)
def browse_events():
    form = _filter_form()
    filters = form.filters()
    page = browse.browse(filters, page=page_number(request.args),
                         per_page=current_app.config.get("AUDIT_PAGE_SIZE", 50))
    # A filter that cannot be read is shown beside its field, and the answer says the request was bad.
    return render_template("audit/browse.html", form=form, filters=filters, page=page,
                           action_words=action_words), 400 if form.errors else 200


@bp.route("/audit/export.csv")
@access.rule("admin")
def export_events():
    form = _filter_form()
    problem = form.first_problem()
    if problem:  # never export the whole log in place of a filtered part, nor log an export that fails
        abort(400, _("The export was not made: %(problem)s", problem=problem))
    filters = form.filters()
    # Downloading the log is itself a disclosure worth a line in the log.
    service.record(current_user, "audit.export", object_type="audit_event", filters=filters.url_args())
    filename = f"audit-log-{utcnow():%Y%m%d-%H%M}.csv"
    response = Response(stream_with_context(browse.csv_lines(browse.export_rows(filters))),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
