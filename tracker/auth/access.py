"""Route access rules. Every view declares one; a test walks the URL map to make sure.

A rule checks who may reach the route at all (signed in, which roles). Rules named
after an object ("learner", "section") also promise that the view loads that object
through a loader in `tracker.auth.loaders`, which answers 404 for what does not
exist and 403 for what the policy refuses.

A rule also says whether the route shows learner data (a record, a list of learners, a
CSV of them). Staff reads of learner data are accounted for (FERPA asks schools to keep a
record of disclosures): such a view writes an audit event through `tracker.audit.service`.
Every route that staff can reach is taken to show learner data unless it declares
`learner_data=False`; tests/audit/test_learner_reads.py walks every route and fails on one
that shows learner data to staff without an audit event, or that declares none and shows a
learner's name. Students and guardians reading their own (their child's) record are not noted.
"""
from functools import wraps

from flask import abort, request
from flask_login import current_user

from ..extensions import login_manager
from .models import ROLES, STAFF_ROLES

# rule name -> roles that pass the route-level check (None: anyone, "*": any signed-in user)
RULES: dict[str, object] = {
    "public": None,
    "signed_in": "*",
    "admin": {"admin"},
    "staff": set(STAFF_ROLES),
    "teacher": {"admin", "teacher"},
    "author": {"admin", "teacher"},  # plus the user's authoring right, checked by policy
    "validator": {"validator"},
    "validator_or_admin": {"validator", "admin"},
    "student": {"student"},
    # The user's own record: a student's, or a member of staff's professional learning (educators
    # as learners). The view loads it with loaders.get_own_learner_or_404.
    "own_record": {"student", *STAFF_ROLES},
    "guardian": {"guardian"},
    # Object rules: signed in with one of these roles, then the loader asks the policy.
    "learner": set(ROLES),
    "learner_teacher": {"admin", "teacher"},
    # A framework read through the API: published ones for everyone, drafts for staff only.
    "framework": set(ROLES),
    # Staff acting on a learner they may see (issuing credentials in the school's name).
    "learner_staff": set(STAFF_ROLES),
    "section": {"admin", "teacher"},
    # A validation request: validators and admins see every one, a teacher those of its learners.
    "validation_request": set(STAFF_ROLES),
    # A calibration session: admins see every one, a validator those it is invited to.
    "calibration": {"admin", "validator"},
    # Scoring in a calibration session: only a validator it invites.
    "calibration_scorer": {"validator"},
    # Monitoring (/metrics): no sign-in; the view asks policy.can_read_metrics (a scrape token, or
    # this machine when none is configured).
    "monitoring": None,
}

STAFF = set(STAFF_ROLES)


def _staff_can_reach(name: str) -> bool:
    roles = RULES[name]
    return roles is not None and (roles == "*" or bool(STAFF & roles))


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/xapi/") or (
        request.accept_mimetypes.best == "application/json"
    )


def rule(name: str, *, learner_data: bool | None = None):
    """Declare and enforce the access rule `name` (one of RULES) on a view.

    learner_data: does the route show learner data to staff (and so audit the read)? By default
    yes for every rule staff can pass; a route showing none declares learner_data=False.
    """
    if name not in RULES:
        raise ValueError(f"unknown access rule {name!r}")
    roles = RULES[name]
    if learner_data is None:
        learner_data = _staff_can_reach(name)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if roles is not None:
                if not current_user.is_authenticated:
                    if wants_json():
                        abort(401)
                    return login_manager.unauthorized()
                if roles != "*" and not current_user.has_role(*roles):
                    abort(403)
            return view(*args, **kwargs)

        wrapped.access_rule = name
        wrapped.learner_data = learner_data
        return wrapped

    return decorator


public = rule("public")
signed_in = rule("signed_in")
