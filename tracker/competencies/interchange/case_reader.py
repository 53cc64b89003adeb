"""Reading CASE JSON: parsing, identifiers, and small typed readers that name the JSON path of
what is wrong. No database."""
import json
import re
import uuid

from flask_babel import gettext as _

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LIMITS = {"code": 100, "item_type": 100, "identifier": 255, "title": 300, "subject": 200,
          "version": 50, "source": 300}


def one_of(values) -> str:
    return _("expected one of %(values)s", values=", ".join(values))


class CaseProblem(ValueError):
    """The package cannot be imported; `path` is the JSON path of the first bad field."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def parse_json(raw: bytes | str) -> dict:
    """The package as Python data; bad JSON is a CaseProblem naming line and column."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[:error.start].count(b"\n") + 1
            column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
            raise CaseProblem("$", _("the file is not UTF-8 text (line %(line)s, column %(column)s); save it "
                                     "as UTF-8 and upload it again", line=line, column=column)) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise CaseProblem("$", _("not valid JSON at line %(line)s, column %(column)s: %(problem)s",
                                 line=error.lineno, column=error.colno, problem=error.msg)) from None


def as_uuid(identifier: str) -> str:
    """The identifier if it is a UUID (kept exactly), else the name-based UUID made from it."""
    if UUID_RE.match(identifier):
        return identifier
    return str(uuid.uuid5(uuid.NAMESPACE_URL, identifier))


class Checker:
    """Typed readers over the package that raise CaseProblem with the JSON path, and collect warnings."""

    def __init__(self, package):
        self.package = package
        self.warnings: list[str] = []
        self.legacy: set[str] = set()
        self.lenient_numbers = 0

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    # small typed readers ---------------------------------------------------------------
    def obj(self, value, path) -> dict:
        if not isinstance(value, dict):
            raise CaseProblem(path, _("expected an object {...}"))
        return value

    def array(self, value, path) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise CaseProblem(path, _("expected an array [...]"))
        return value

    def text(self, value, path, *, required=False, limit=None) -> str | None:
        if value is None:
            if required:
                raise CaseProblem(path, _("this field is required"))
            return None
        if not isinstance(value, str):
            raise CaseProblem(path, _("expected text"))
        if required and not value.strip():
            raise CaseProblem(path, _("this field is empty"))
        if limit and len(value) > limit:
            raise CaseProblem(path, _("longer than %(n)s characters", n=limit))
        if "\x00" in value:
            raise CaseProblem(path, _("contains a NUL character (\\u0000), which cannot be saved"))
        return value

    def identifier(self, value, path) -> str:
        raw = self.text(value, path, required=True, limit=LIMITS["identifier"]).strip()
        converted = as_uuid(raw)
        if converted != raw:
            self.legacy.add(raw)
        return converted

    def node(self, value, path) -> str:
        """The identifier inside an originNodeURI / destinationNodeURI, as found (not converted)."""
        if isinstance(value, str):  # a bare URI, as some exports give
            raise CaseProblem(path, _("expected an object with an identifier, not a bare URI"))
        node = self.obj(value, path)
        return self.text(node.get("identifier"), f"{path}.identifier", required=True).strip()

    def sequence(self, value, path) -> int | None:
        if value is None or isinstance(value, bool):
            if isinstance(value, bool):
                raise CaseProblem(path, _("expected a whole number"))
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdecimal():
            self.lenient_numbers += 1
            return int(value.strip())
        raise CaseProblem(path, _("expected a whole number"))
