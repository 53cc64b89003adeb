"""What the admin pages of schools, terms, sections, learners and guardian links share: the
deactivate/reactivate form's answer, and the name of a CSV download."""
from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth.redirects import safe_next
from ..timeutil import today
from . import service


def requested_active() -> bool | None:
    """The state a deactivate/reactivate form asks for: True, False, or None when missing."""
    return {"1": True, "0": False}.get(request.form.get("active", ""))


def change_status(obj, kind: str, back_url: str):
    """Deactivate or reactivate `obj` as the posted form asks, audit it, and go back.

    Setting a state (rather than toggling) makes a repeated click harmless."""
    active = requested_active()
    if active is None:
        flash(_("Choose whether to deactivate or reactivate."), "error")
    elif service.set_active(obj, active):
        audit.record(current_user, f"{kind}.{'reactivate' if active else 'deactivate'}", obj)
        flash(_("Reactivated.") if active else _("Deactivated. Nothing was deleted; you can reactivate it."),
              "success")
    return redirect(safe_next(request.form.get("next")) or back_url)


def csv_name(kind: str) -> str:
    return f"{kind}-{today().isoformat()}.csv"
