"""Loading the demo school into an empty database."""
import importlib

from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from .school import DEMO_LOGINS, DEMO_PASSWORD, build_school

# Each area adds its demo content in its own module, tracker/demo/<name>.py, with a
# function build(world: dict) -> None that adds to the session and may add to `world`.
# They run in this order, each building on what the earlier ones made.
DEMO_STEPS = ("frameworks", "evidence", "decisions", "subjects", "educators", "comparisons", "supports",
              "notifications", "translations")


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count(User.id)))


def load_demo() -> dict:
    """Build the whole demo school in one transaction (the caller commits)."""
    world = build_school()
    for step in DEMO_STEPS:
        try:
            module = importlib.import_module(f"{__package__}.{step}")
        except ModuleNotFoundError as error:
            if error.name != f"{__package__}.{step}":
                raise
            continue
        module.build(world)
        db.session.flush()
    return world


def demo_logins_text() -> str:
    lines = ["Demo logins (password for all: %s):" % DEMO_PASSWORD]
    for login in DEMO_LOGINS:
        lines.append(f"  {login.role:<10} {login.email:<40} {login.name}")
    return "\n".join(lines)
