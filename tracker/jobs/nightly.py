"""The nightly jobs, run as scheduled tasks of the queue (tasks.py); the CLI commands
`flask recompute-flags` and `flask prune-idempotency-keys` do the same by hand."""
from ..extensions import db


def recompute_flags(job) -> None:
    """Every learner's support flags (stalled flags appear with time alone), committing per batch."""
    from ..supports.service import recompute_all

    total = recompute_all(on_batch=lambda _changes: db.session.commit())
    job.params = {"raised": total.raised, "resolved": total.resolved, "kept": total.kept}


def prune_idempotency_keys(job) -> None:
    """Forget API Idempotency-Keys older than a day."""
    from ..api.idempotency import forget_expired

    job.params = {"forgotten": forget_expired()}
