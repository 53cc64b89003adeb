"""What `pip install .` installs (the Dockerfile's way) holds every file the package reads besides its Python:
the JSON-LD contexts credentials are signed with, the translations, the password list (not the
message template `messages.pot`, which only translators use). A wheel built without
them signs nothing (found in issue 22: the contexts were missing from the wheel)."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_holds_every_data_file_of_the_package(tmp_path):
    # Built from a copy of the package alone: a build/ folder left in the checkout would hide a gap.
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "tracker", source / "tracker", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = tmp_path.glob("*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    wanted = {str(path.relative_to(ROOT)) for path in (ROOT / "tracker").rglob("*")
              if path.is_file() and path.suffix not in (".py", ".pyc", ".mo", ".pot") and "__pycache__" not in path.parts}
    assert wanted and not wanted - packed, sorted(wanted - packed)
