from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import access
from . import bp, service
from .forms import SettingsForm

NUMBER_KEYS = ("stalled_school_days", "repeated_not_yet_attempts", "validation_target_days")
RATIO_KEYS = ("pace_ahead_ratio", "pace_behind_ratio", "pace_far_behind_ratio")


@bp.route("/admin/settings", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def edit_settings():
    current = service.get_all()
    form = SettingsForm(data={**current, "school_holidays": "\n".join(current.get("school_holidays") or [])})
    if form.validate_on_submit():
        values = {"allow_self_validation": bool(form.allow_self_validation.data),
                  **{key: int(form[key].data) for key in NUMBER_KEYS},
                  **{key: float(form[key].data) for key in RATIO_KEYS},
                  "school_holidays": form.school_holidays.holidays}
        changed = service.save_settings(values, current_user)
        flash(_("Settings saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("settings.edit_settings"))
    return render_template("settings/edit.html", form=form)
