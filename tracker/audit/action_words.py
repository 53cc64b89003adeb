"""What an audit action code means, in words for the log's readers ("framework.update" →
"Framework changed", "Marco modificado"). The codes stay as they are in the log, its filter's
addresses and its CSV; pages show the words, with the code beside them for searching."""
from flask_babel import gettext as _

from ..textmarks import N_

ACTION_WORDS = {
    "api_token.create": N_("API token created"),
    "api_token.create_tool_key": N_("Tool key created"),
    "api_token.revoke": N_("API token revoked"),
    "calibration.close": N_("Calibration closed"),
    "teacher_level.set": N_("Level set by a teacher"),
    "teacher_level.removed": N_("Level set by a teacher removed"),
    "calibration.create": N_("Calibration created"),
    "calibration.submit": N_("Calibration scores sent"),
    "credential.issue": N_("Credential issued"),
    "evidence.create": N_("Evidence recorded"),
    "evidence.delete": N_("Evidence deleted"),
    "framework.create": N_("Framework created"),
    "framework.new_version": N_("Framework version created"),
    "framework.retire": N_("Framework retired"),
    "framework.translation_import": N_("Framework translation imported"),
    "framework.update": N_("Framework changed"),
    "guardian_link.save": N_("Guardian link saved"),
    "intervention.close": N_("Support closed"),
    "intervention.create": N_("Support planned"),
    "intervention.edit": N_("Support changed"),
    "job.retry": N_("Job retried"),
    "learner.save": N_("Learner saved"),
    "learner.view": N_("Learner data read"),
    "learner.view_transcript": N_("Transcript read"),
    "mastery_decision.create": N_("Mastery decided"),
    "notifications.preferences": N_("Notification choices saved"),
    "notifications.unsubscribe": N_("Unsubscribed from mail"),
    "non_school_day.delete": N_("Day off removed"),
    "non_school_day.save": N_("Day off saved"),
    "prerequisite.create": N_("Prerequisite added"),
    "prerequisite.delete": N_("Prerequisite removed"),
    "progression.add_step": N_("Step added"),
    "progression.create": N_("Progression created"),
    "progression.move_step": N_("Step moved"),
    "progression.remove_step": N_("Step removed"),
    "progression.set_target_dates": N_("Target dates set"),
    "progression.update": N_("Progression changed"),
    "roster_import.apply": N_("Roster import applied"),
    "scale.save": N_("Scale saved"),
    "school.save": N_("School saved"),
    "section.heatmap": N_("Class heatmap read"),
    "section.heatmap_csv": N_("Class heatmap downloaded"),
    "section.heatmap_table": N_("Class heatmap table read"),
    "section.enroll": N_("Learners enrolled"),
    "section.save": N_("Section saved"),
    "settings.change": N_("Settings changed"),
    "signing_key.rotate": N_("Signing key replaced"),
    "sso_provider.create": N_("Sign-in provider added"),
    "support_group.close": N_("Support group closed"),
    "support_group.open": N_("Support group opened"),
    "support_group.start": N_("Support group started"),
    "term.save": N_("Term saved"),
    "user.accept_invitation": N_("Invitation accepted"),
    "user.change_password": N_("Password changed"),
    "user.create": N_("Account created"),
    "user.invite": N_("Account invited"),
    "user.login": N_("Signed in"),
    "user.login_refused": N_("Sign-in refused"),
    "user.reactivate": N_("Account reactivated"),
    "user.set_password": N_("Password set"),
    "user.sign_out_everywhere": N_("Signed out everywhere"),
    "validation_request.create": N_("Validation requested"),
    "xapi_mapping.create": N_("xAPI mapping added"),
    "xapi_mapping.delete": N_("xAPI mapping removed"),
}


def action_words(action: str) -> str:
    """The action in the reader's words; an action without words (a new one) as its code."""
    words = ACTION_WORDS.get(action)
    return _(words) if words else action
