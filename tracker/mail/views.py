"""The outbox, for admins: every message, sent or waiting (the only place mail is read when no SMTP
server is configured, as in the demo)."""
from flask import render_template, request
from flask_babel import lazy_gettext as _l

from ..auth import access
from ..auth.loaders import get_or_404
from ..listing import ListParams, paginate
from . import bp
from .models import STATUSES, OutgoingMail
from .service import outbox_list, smtp_configured

STATUS_LABELS = {"queued": _l("Waiting"), "sent": _l("Sent"), "failed": _l("Not delivered")}


@bp.route("/admin/outbox")
@access.rule("admin", learner_data=False)
def list_outbox():
    params = ListParams.from_args(request.args, delivery=STATUSES)
    page = paginate(outbox_list(params.q, params.filters.get("delivery")), params)
    return render_template("mail/outbox.html", page=page, params=params, statuses=STATUSES,
                           smtp_configured=smtp_configured(), mail_status_labels=STATUS_LABELS)


@bp.route("/admin/outbox/<int:mail_id>")
@access.rule("admin", learner_data=False)
def show_mail(mail_id: int):
    return render_template("mail/message.html", mail=get_or_404(OutgoingMail, mail_id),
                           mail_status_labels=STATUS_LABELS)
