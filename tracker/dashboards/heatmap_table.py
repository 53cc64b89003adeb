"""The table beside the heatmap chart and its CSV: pages of rows, a line per learner for a large
grid, and each cell in words (the chart itself is drawn from the same Heatmap)."""
from dataclasses import dataclass

from ..mastery.estimate_display import TEACHER_MARK, estimate_text
from .heatmap import Heatmap, Row

TABLE_PAGE_ROWS = 50


def table_page(heatmap: Heatmap, page: int) -> tuple[list[Row], int, int]:
    """(rows, page, pages) of the data table: every row for a small grid, else 50 to a page."""
    if heatmap.is_small:
        return heatmap.rows, 1, 1
    pages = max(1, -(-len(heatmap.rows) // TABLE_PAGE_ROWS))
    page = min(max(page, 1), pages)
    start = (page - 1) * TABLE_PAGE_ROWS
    return heatmap.rows[start:start + TABLE_PAGE_ROWS], page, pages


@dataclass(frozen=True)
class LearnerSummary:
    row: Row
    mastered: int  # competencies of the grid mastered (validated or rolled up)
    in_progress: int  # with evidence or an estimate, not mastered yet


def learner_summaries(heatmap: Heatmap) -> list[LearnerSummary]:
    """One line per learner (in the grid's order): what a large grid's page shows beside the chart
    instead of every cell (the full table is its own page and the CSV)."""
    column_ids = [c.competency_id for c in heatmap.columns]
    summaries = []
    for row in heatmap.rows:
        lid = row.learner_id
        mastered = sum(1 for cid in column_ids if heatmap.outcomes.get((lid, cid)) == "mastered")
        started = sum(1 for cid in column_ids if (lid, cid) in heatmap.cells
                      and heatmap.outcomes.get((lid, cid)) != "mastered")
        summaries.append(LearnerSummary(row=row, mastered=mastered, in_progress=started))
    return summaries


def cell_text(heatmap: Heatmap, learner_id: int, competency_id: int) -> str:
    """A cell as the table and the CSV show it: the estimate to one decimal (cut, not rounded, so
    2.96 never reads as mastery), ✎ after a teacher's hand-set level, ✓ for validated mastery."""
    cell = heatmap.cell(learner_id, competency_id)
    outcome = heatmap.outcome(learner_id, competency_id)
    parts = []
    if cell is not None and cell[0] is not None:
        parts.append(level_text(cell[0]) + (TEACHER_MARK if (learner_id, competency_id) in heatmap.by_teacher else ""))
    if outcome == "mastered":
        parts.append("✓")
    return " ".join(parts)


def level_text(estimate: float) -> str:
    """The estimate as every page shows it (the one display rule: cut to one decimal)."""
    return estimate_text(estimate)
