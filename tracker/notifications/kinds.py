"""The kinds of notification, who may receive each, and their words (translated when read)."""
from dataclasses import dataclass

from ..textmarks import N_

DELIVERIES = ("off", "app", "immediate", "daily", "weekly")
DELIVERY_LABELS = {
    "off": N_("Off"),
    "app": N_("In the app"),
    "immediate": N_("In the app and by email at once"),
    "daily": N_("In the app and a daily email digest"),
    "weekly": N_("In the app and a weekly email digest"),
}


@dataclass(frozen=True)
class Kind:
    roles: tuple  # who may choose it (and receive it)
    label: str
    default: str = "app"
    deliveries: tuple = DELIVERIES


KINDS: dict[str, Kind] = {
    "request_new": Kind(("validator",), N_("A new request in the validation queue")),
    "request_overdue": Kind(("validator", "admin"), N_("A request waiting longer than the school's target")),
    "evidence_submitted": Kind(("teacher",), N_("A student submitted evidence")),
    "support_needed": Kind(("teacher",), N_("Learners of yours need support")),
    "evidence_feedback": Kind(("student",), N_("Feedback on your evidence")),
    "request_decided": Kind(("student",), N_("A decision on your request")),
    # A digest itself: off, or by email each week (it is not a message in the app).
    "family_digest": Kind(("guardian",), N_("The weekly family digest by email"), default="weekly",
                          deliveries=("off", "weekly")),
}

# text_key -> the words, with %(name)s placeholders filled from the notification's params.
TEXTS = {
    "request_new": N_("%(learner)s asks for validation of %(competency)s."),
    "request_overdue": N_("%(learner)s has waited %(days)s days for validation of %(competency)s "
                          "(the school's target is %(target)s days)."),
    "evidence_submitted": N_("%(learner)s submitted evidence on %(competency)s for your review."),
    "support_needed": N_("These learners of yours need support: %(learners)s."),
    "support_needed_many": N_("These learners of yours need support: %(learners)s and %(more)s more."),
    "evidence_feedback": N_("Your teacher gave feedback on your evidence for %(competency)s."),
    "request_decided_mastered": N_("A validator confirmed you have mastered %(competency)s."),
    "request_decided_not_yet": N_("A validator decided %(competency)s is not yet mastered; "
                                  "read the reasons on your request."),
    "family_digest": N_("This week's summary about %(names)s was sent to you by email."),
}


def kinds_for(user) -> list[str]:
    """The kinds this person may receive and choose, by their roles (in KINDS' order)."""
    return [name for name, kind in KINDS.items() if user.has_role(*kind.roles)]
