from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..extensions import db
from . import bp, service
from .forms import SettingsForm

NUMBER_KEYS = ("stalled_school_days", "repeated_not_yet_attempts")
RATIO_KEYS = ("pace_ahead_ratio", "pace_behind_ratio", "pace_far_behind_ratio")


@bp.route("/admin/settings", methods=["GET", "POST"])
@access.rule("admin")
def edit_settings():
    current = service.get_all()
    form = SettingsForm(data={**current, "school_holidays": "\n".join(current.get("school_holidays") or [])})
    if form.validate_on_submit():
        values = {"allow_self_validation": bool(form.allow_self_validation.data),
                  **{key: int(form[key].data) for key in NUMBER_KEYS},
                  **{key: float(form[key].data) for key in RATIO_KEYS},
                  "school_holidays": form.school_holidays.holidays}
        changed = {key: value for key, value in values.items() if current.get(key) != value}
        for key, value in changed.items():
            service.set_value(key, value)
        if changed:
            audit.record(current_user, "settings.change", object_type="setting", **changed)
            if set(changed) - {"allow_self_validation"}:
                # Every learner's flags follow the new thresholds the next time anyone looks.
                from ..rosters.models import Learner
                from ..supports.service import learners_changed

                learners_changed(db.session.scalars(db.select(Learner.id)).all())
        db.session.commit()
        flash(_("Settings saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("settings.edit_settings"))
    return render_template("settings/edit.html", form=form)
