"""Gathering a OneRoster set's files: from a zip (inflated a chunk at a time, real bytes counted
against limits), a folder, or a single CSV. Bytes out, problems named; no parsing here (that is
files.py) and no database."""
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .problems import Problem, error

# Defaults of the settings ONEROSTER_MAX_UNPACKED_BYTES and ONEROSTER_MAX_MEMBER_BYTES: a district's
# full export is tens of MB; reading a CSV takes several times its size in memory.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 200 * 1024 * 1024
UNPACK_CHUNK = 64 * 1024
MAX_MEMBERS = 200


# The files ---------------------------------------------------------------------

@dataclass(frozen=True)
class UnpackLimits:
    """How many bytes a zip may inflate to: in all, and for any one member (settings
    ONEROSTER_MAX_UNPACKED_BYTES and ONEROSTER_MAX_MEMBER_BYTES)."""

    total: int = MAX_UNPACKED_BYTES
    member: int = MAX_MEMBER_BYTES


def files_from_zip(source: bytes | Path, limits: UnpackLimits = UnpackLimits()
                   ) -> tuple[dict[str, bytes], list[Problem]]:
    """The CSV files in a zip (folders inside it are fine), or a problem saying why not.

    Members are inflated a chunk at a time and their real bytes counted: the sizes the zip
    declares are never trusted. At the first byte past a limit the zip is refused, naming the
    member, so memory stays within the limit and a chunk.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_MEMBERS:
                return {}, [error("zip_too_many", n=MAX_MEMBERS)]
            files, total = {}, 0
            for member in members:
                name = PurePosixPath(member.filename)
                if name.name.startswith(".") or "__MACOSX" in name.parts:
                    continue
                chunks, size = [], 0
                with archive.open(member) as stream:
                    while chunk := stream.read(UNPACK_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.member:
                            return {}, [error("zip_member_too_large", member.filename, name=member.filename,
                                              mb=_megabytes(limits.member))]
                        if total > limits.total:
                            return {}, [error("zip_total_too_large", member.filename, name=member.filename,
                                              mb=_megabytes(limits.total))]
                        chunks.append(chunk)
                files[member.filename] = b"".join(chunks)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        return {}, [error("zip_damaged", detail=str(exc) or type(exc).__name__)]
    return files, []


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def files_from_directory(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(Path(path).iterdir())
            if p.is_file() and not p.name.startswith(".")}


def load_path(path: Path, limits: UnpackLimits = UnpackLimits()) -> tuple[dict[str, bytes], list[Problem]]:
    """The files of a folder, a zip or a single CSV at `path` (for the command line and stored uploads)."""
    path = Path(path)
    if path.is_dir():
        return files_from_directory(path), []
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
        return files_from_zip(path, limits)  # read from the file, not copied into memory first
    return {path.name: path.read_bytes()}, []
