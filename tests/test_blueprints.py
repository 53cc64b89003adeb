"""Blueprints are listed by hand in tracker/blueprints.py (every view module on disk is in the list);
commands are put on the app in one place, tracker/cli.py."""
from pathlib import Path

from tracker import blueprints

TRACKER = Path(__file__).resolve().parent.parent / "tracker"


def _view_modules_on_disk() -> set[str]:
    found = set()
    for path in TRACKER.rglob("*.py"):
        if path.stem == "views" or path.stem.endswith("_views"):
            found.add(".".join(path.relative_to(TRACKER.parent).with_suffix("").parts))
    return found


def test_every_view_module_is_registered():
    listed = blueprints.view_modules()
    assert len(listed) == len(set(listed))
    assert set(listed) == _view_modules_on_disk()


def test_every_blueprint_is_registered_once(app):
    names = [area for area, _modules in blueprints.BLUEPRINTS]
    assert sorted(app.blueprints) == sorted(names)


def test_commands_are_registered_in_one_place(app):
    """Area modules define click commands; only tracker/cli.py puts them on the app."""
    from tracker.cli import COMMANDS

    elsewhere = [str(path.relative_to(TRACKER.parent)) for path in TRACKER.rglob("*.py")
                 if path.name != "cli.py" or path.parent != TRACKER
                 if ".cli.command(" in path.read_text() or ".cli.group(" in path.read_text()]
    assert elsewhere == []
    assert {command.name for command in COMMANDS} <= set(app.cli.list_commands(None))
