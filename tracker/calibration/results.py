"""A calibration session's results: agreement statistics, per rubric level, and the piece × validator table;
and one validator's agreement with the others across every session (the validator dashboard).

Only submitted scores count (a draft can still change). Names: admins see validators' names
and each piece's original level; validators see "Validator A, B, C" and "You".
"""
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth import policy
from ..extensions import db
from . import agreement
from .service import rater_label
from .models import CalibrationParticipant, CalibrationScore, CalibrationSession


@dataclass(frozen=True)
class RaterColumn:
    participant_id: int
    label: str
    is_viewer: bool


@dataclass(frozen=True)
class ResultRow:
    item_id: int
    label: str                      # "Piece 3"
    levels: dict[int, int]          # participant_id -> level
    original_level: int | None      # the level the evidence was given (admins only, else None)

    @property
    def spread(self) -> int | None:
        """Highest minus lowest level given: 0 is full agreement."""
        return max(self.levels.values()) - min(self.levels.values()) if len(self.levels) >= 2 else None


@dataclass(frozen=True)
class LevelRow:
    number: int
    label: str
    descriptor: str | None
    chosen: int
    pieces: int
    unanimous: int
    agreement: float | None


@dataclass(frozen=True)
class CalibrationResults:
    session: CalibrationSession
    raters: list[RaterColumn]       # submitted participants, in invitation order
    invited: int
    rows: list[ResultRow]
    levels: list[LevelRow]
    summary: agreement.AgreementSummary
    kappa_words: str
    show_names: bool


def results(session: CalibrationSession, viewer) -> CalibrationResults:
    """The session's results as `viewer` may see them (call policy.can_see_calibration_results
    first). One query."""
    show_names = policy.can_manage_calibrations(viewer)
    submitted = [p for p in session.participants if p.submitted_at is not None]
    scores: dict[int, dict[int, int]] = {item.id: {} for item in session.items}
    if submitted:
        for item_id, participant_id, level in db.session.execute(
                select(CalibrationScore.item_id, CalibrationScore.participant_id, CalibrationScore.level)
                .join(CalibrationParticipant, CalibrationParticipant.id == CalibrationScore.participant_id)
                .where(CalibrationParticipant.session_id == session.id,
                       CalibrationParticipant.submitted_at.is_not(None))):
            scores.setdefault(item_id, {})[participant_id] = level

    raters = []
    for participant in submitted:
        is_viewer = participant.validator_id == viewer.id
        if show_names:
            label = participant.validator.name
        elif is_viewer:
            label = _("You (%(label)s)", label=rater_label(participant.position))
        else:
            label = rater_label(participant.position)
        raters.append(RaterColumn(participant.id, label, is_viewer))
    rows = [ResultRow(item_id=item.id, label=_("Piece %(n)d", n=item.position), levels=scores.get(item.id, {}),
                      original_level=item.evidence.level if show_names else None)
            for item in session.items]

    competency = session.competency
    scale = competency.framework.scale
    rubric = {row.level_number: row.descriptor for row in competency.rubric}
    summary = agreement.summarize(scores, levels=[level.number for level in scale.levels])
    levels = []
    for level in scale.levels:
        found = summary.by_level.get(level.number)
        levels.append(LevelRow(number=level.number, label=level.label,
                               descriptor=rubric.get(level.number) or level.descriptor,
                               chosen=found.chosen if found else 0, pieces=found.items if found else 0,
                               unanimous=found.unanimous if found else 0,
                               agreement=found.agreement if found else None))
    return CalibrationResults(session=session, raters=raters, invited=len(session.participants), rows=rows,
                              levels=levels, summary=summary, kappa_words=_(agreement.describe_kappa(summary.kappa)),
                              show_names=show_names)


def csv_table(result: CalibrationResults) -> tuple[list[str], list[list]]:
    """(header, rows) of the piece × validator table, as the page shows it."""
    header = [_("Piece")] + [rater.label for rater in result.raters]
    if result.show_names:
        header.append(_("Original level"))
    header.append(_("Spread"))
    rows = []
    for row in result.rows:
        line = [row.label] + [row.levels.get(rater.participant_id) for rater in result.raters]
        if result.show_names:
            line.append(row.original_level)
        line.append(row.spread)
        rows.append(line)
    return header, rows


# A validator's agreement across sessions (for the validator dashboard) -------------------------

@dataclass(frozen=True)
class ValidatorAgreement:
    """How often one validator's levels match other validators' on the same pieces."""

    sessions: int          # sessions it submitted scores in
    pieces: int            # pieces it scored that someone else scored too
    comparisons: int       # (its level, another validator's level) pairs on the same piece
    exact: float | None    # share of comparisons with the same level
    adjacent: float | None  # share within one level
    kappa: float | None    # Cohen's kappa of its levels against the others', over the comparisons
    description: str       # describe_kappa words, translated


def agreement_for_validator(user) -> ValidatorAgreement | None:
    """The validator's agreement with the other validators in every calibration session where both
    submitted scores; None when there is no such data yet. Two queries."""
    session_ids = list(db.session.scalars(
        select(CalibrationParticipant.session_id)
        .where(CalibrationParticipant.validator_id == user.id, CalibrationParticipant.submitted_at.is_not(None))))
    if not session_ids:
        return None
    rows = db.session.execute(
        select(CalibrationScore.item_id, CalibrationParticipant.validator_id, CalibrationScore.level)
        .join(CalibrationParticipant, CalibrationParticipant.id == CalibrationScore.participant_id)
        .where(CalibrationParticipant.session_id.in_(session_ids),
               CalibrationParticipant.submitted_at.is_not(None))).all()
    by_item: dict[int, dict[int, int]] = defaultdict(dict)
    for item_id, validator_id, level in rows:
        by_item[item_id][validator_id] = level
    mine, theirs, pieces = [], [], 0
    for levels in by_item.values():
        if user.id not in levels or len(levels) < 2:
            continue
        pieces += 1
        for validator_id, level in levels.items():
            if validator_id != user.id:
                mine.append(levels[user.id])
                theirs.append(level)
    if not mine:
        return None
    exact = sum(a == b for a, b in zip(mine, theirs)) / len(mine)
    adjacent = sum(abs(a - b) <= 1 for a, b in zip(mine, theirs)) / len(mine)
    kappa = agreement.cohens_kappa(mine, theirs)
    return ValidatorAgreement(sessions=len(session_ids), pieces=pieces, comparisons=len(mine), exact=exact,
                              adjacent=adjacent, kappa=kappa, description=_(agreement.describe_kappa(kappa)))
