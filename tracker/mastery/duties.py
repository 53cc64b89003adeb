"""Separation of duties: who may decide on what.

The rule (every decision path calls `check_separation`, through `service.record_decision`):

- A piece of evidence's author is whoever last set its level: the teacher who recorded it,
  or the teacher who later edited the level, or the teacher who reviewed a learner's
  submission. A validator may not cite a piece it authored.
- A validator may not decide a request it proposed, with one exception: "not yet" citing no
  evidence, when that replaces no "mastered" decision. Such a decision grants nothing and takes
  nothing away; it closes a proposal the validator now finds premature, and it stays in the
  learner's history with the validator's name and rationale.
- With the school's `allow_self_validation` setting on, both rules give way and the decision is
  marked `separation_relaxed`, which every page showing it says.
"""
from collections.abc import Iterable

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from ..evidence.models import Evidence, EvidenceVersion
from ..extensions import db
from ..form_helpers import FieldProblem
from ..settings import service as settings


def level_authors(evidence: Iterable[Evidence]) -> dict[int, int | None]:
    """{evidence id: id of the user who last set its level}, from the edit history, in one query.

    The history keeps each earlier state with who replaced it; walking it from the newest, the
    first earlier state whose level differs from the one after it was replaced by the author.
    Evidence whose level never changed was authored by whoever recorded it.
    """
    evidence = list(evidence)
    if not evidence:
        return {}
    history: dict[int, list[tuple[int | None, int | None]]] = {e.id: [] for e in evidence}
    rows = db.session.execute(
        select(EvidenceVersion.evidence_id, EvidenceVersion.level, EvidenceVersion.changed_by_id)
        .where(EvidenceVersion.evidence_id.in_(list(history)))
        .order_by(EvidenceVersion.evidence_id, EvidenceVersion.version.desc(), EvidenceVersion.id.desc())
    )
    for evidence_id, level, changed_by_id in rows:
        history[evidence_id].append((level, changed_by_id))
    authors = {}
    for piece in evidence:
        author, later_level = piece.recorded_by_id, piece.level
        for level, changed_by_id in history[piece.id]:  # newest first
            if level != later_level:
                author = changed_by_id
                break
        authors[piece.id] = author
    return authors


def may_close_own_proposal(outcome: str, cited: list, current) -> bool:
    """The one decision a validator may record on a request it proposed."""
    return outcome == "not_yet" and not cited and (current is None or current.outcome != "mastered")


def check_separation(validation_request, validator, *, outcome: str, cited: list[Evidence],
                     authors: dict[int, int | None], current) -> bool:
    """Raise FieldProblem when the decision would break separation of duties; return True when
    the school's setting let it through (the decision is then marked separation_relaxed).

    `authors` is `level_authors(cited)`; `current` the learner's current decision, if any.
    """
    recorded = [e for e in cited if authors[e.id] == validator.id and e.recorded_by_id == validator.id]
    levelled = [e for e in cited if authors[e.id] == validator.id and e.recorded_by_id != validator.id]
    proposed = (validation_request.requested_by_id == validator.id
                and not may_close_own_proposal(outcome, cited, current))
    if not (recorded or levelled or proposed):
        return False
    if settings.get("allow_self_validation"):
        return True
    problems = []
    if proposed:
        problems.append(FieldProblem("outcome", _(
            "You proposed this request. Separation of duties: another validator decides on it. "
            "You may only record “not yet” with no evidence cited, and only when it replaces no "
            "“mastered” decision.")))
    if recorded:
        problems.append(FieldProblem("citations", _(
            "You recorded the evidence of %(dates)s yourself. Separation of duties: another "
            "validator decides on evidence you logged. Leave it uncited or ask a colleague.",
            dates=_dates(recorded))))
    if levelled:
        problems.append(FieldProblem("citations", _(
            "Separation of duties: you set the level of the evidence of %(dates)s yourself, by "
            "editing or reviewing it. Another validator decides on a level you gave. Leave it "
            "uncited or ask a colleague.", dates=_dates(levelled))))
    raise FieldProblem.combined(problems)


def _dates(evidence: list[Evidence]) -> str:
    return ", ".join(format_date(e.observed_on, "medium") for e in evidence)
