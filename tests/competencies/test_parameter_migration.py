"""Migration e1f2a3b4c5d6: a stored parameter the method cannot use becomes the value the estimate
was already computed with (the estimator now refuses it instead of silently using the default)."""
import pytest
from sqlalchemy import text

from tracker.extensions import db

from ..test_migrations import empty_database, upgrade  # noqa: F401  (fixture)

pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")


def test_unusable_stored_parameters_become_what_they_were_computed_with(empty_database):  # noqa: F811
    upgrade("a74d018e5f04")
    db.session.execute(text("INSERT INTO proficiency_scale (id, name, mastery_threshold) VALUES (1, 'S', 3)"))
    rows = [(1, "n_times", 0.65), (2, "best_n", 2.5), (3, "decaying_average", 1.5), (4, "weighted_average", 0),
            (5, "decaying_average", 1.0), (6, "n_times", 4), (7, "latest", 0.65), (8, "decaying_average", None)]
    for id_, method, parameter in rows:
        db.session.execute(text("INSERT INTO framework (id, identifier, title, version, status, scale_id, estimate_method, "
                                "estimate_parameter, is_educator_framework, created_at, updated_at) VALUES (:id, :ident, :t, '1', 'draft', 1, :m, "
                                ":p, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"id": id_, "ident": f"00000000-0000-0000-0000-00000000000{id_}", "t": f"F{id_}", "m": method, "p": parameter})
    db.session.commit()
    upgrade()
    stored = dict(db.session.execute(text("SELECT id, estimate_parameter FROM framework")).all())
    assert stored == {1: 3, 2: 3, 3: 0.65, 4: 0.65, 5: 1.0, 6: 4, 7: 0.65, 8: None}
