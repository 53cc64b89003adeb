"""Loading the demo school into an empty database."""
from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from .school import DEMO_LOGINS, DEMO_PASSWORD, build_school


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count(User.id)))


def load_demo() -> dict:
    """Build the whole demo school in one transaction (the caller commits)."""
    world = build_school()
    # Later areas add their demo content here, each from the people and rosters above.
    for extend in DEMO_EXTENSIONS:
        extend(world)
    return world


# Functions (world) -> None that add an area's demo content; areas append to this list.
DEMO_EXTENSIONS: list = []


def demo_logins_text() -> str:
    lines = ["Demo logins (password for all: %s):" % DEMO_PASSWORD]
    for login in DEMO_LOGINS:
        lines.append(f"  {login.role:<10} {login.email:<40} {login.name}")
    return "\n".join(lines)
