"""`flask --app tracker compare-methods`: replay each published framework's evidence with every estimate
method (mastery/method_comparison.py), store the result its page shows, and print the table."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..competencies.models import Framework
from ..extensions import db
from .estimates import METHODS
from .method_comparison import Comparison
from .method_comparisons import compute


@click.command("compare-methods")
@with_appcontext
@click.option("--framework", "framework_id", type=int, default=None, help="Only this framework (its id).")
def compare_methods_command(framework_id):
    """Compare the estimate methods on every published framework's evidence (or one framework's)."""
    query = select(Framework).order_by(Framework.id)
    query = query.where(Framework.id == framework_id) if framework_id else query.where(Framework.status == "published")
    for framework in db.session.scalars(query).all():
        row = compute(framework)
        db.session.commit()
        click.echo(table(framework, Comparison.from_dict(row.result), row.evidence_count))


def table(framework: Framework, comparison: Comparison, pieces: int) -> str:
    lines = [f"{framework.title} (method: {framework.estimate_method}): {pieces} scored pieces, "
             f"{comparison.series} learner × competency series of 4+, {comparison.points} held-out scores",
             f"  {'method':<18} {'MAE':>6} {'at mastery':>11} {'predicted':>10}"]
    for name in METHODS:
        result = comparison.result(name)
        error = "—" if result.mean_absolute_error is None else f"{result.mean_absolute_error:.3f}"
        accuracy = "—" if result.mastery_accuracy is None else f"{result.mastery_accuracy:.1%}"
        marks = (" ← lowest error" if name == comparison.best else "") + (
            " (framework's)" if name == framework.estimate_method else "")
        lines.append(f"  {name:<18} {error:>6} {accuracy:>11} {result.coverage:>10.0%}{marks}")
    return "\n".join(lines)
