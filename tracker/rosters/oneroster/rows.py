"""Reading one value of a OneRoster row: each reader checks it and notes a problem naming the file,
row and column when it is wrong (the Resolver in map.py reads every table through these)."""
from datetime import date

from .files import RosterFiles, Table
from .problems import Problem, error, warning

STATUSES = {"": True, "active": True, "tobedeleted": False, "inactive": False}
TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0"}


class RowReader:
    """The files being read and the problems found so far."""

    files: RosterFiles
    problems: list[Problem]

    def table(self, name: str) -> Table | None:
        return self.files.tables.get(name)

    def unique_rows(self, name: str, key: str = "sourcedId"):
        """(row number, row, sourcedId) for each row; empty and repeated ids are problems."""
        table = self.table(name)
        if table is None or key not in table.columns:
            return
        first: dict[str, int] = {}
        for number, row in table.rows:
            sid = row[key]
            if not sid:
                self.problems.append(error("empty_value", table.filename, number, key))
                continue
            if len(sid) > 255:
                self.problems.append(error("too_long", table.filename, number, key, max=255))
                continue
            if sid in first:
                self.problems.append(error("duplicate_id", table.filename, number, key, id=sid, first=first[sid]))
                continue
            first[sid] = number
            yield number, row, sid

    def status(self, table: Table, number: int, row: dict) -> bool:
        value = row.get("status", "").lower()
        if value not in STATUSES:
            self.problems.append(error("bad_status", table.filename, number, "status", value=row["status"]))
            return True
        return STATUSES[value]

    def text(self, table: Table, number: int, row: dict, column: str, max_length: int,
             required: bool = False) -> str | None:
        value = row.get(column, "")
        if not value:
            if required:
                self.problems.append(error("empty_value", table.filename, number, column))
            return None
        if len(value) > max_length:
            self.problems.append(error("too_long", table.filename, number, column, max=max_length))
            return value[:max_length]
        return value

    def date(self, table: Table, number: int, row: dict, column: str) -> date | None:
        value = row.get(column, "")
        try:
            return date.fromisoformat(value[:10]) if len(value) >= 10 else date.fromisoformat(value)
        except ValueError:
            if value:
                self.problems.append(error("bad_date", table.filename, number, column, value=value))
            else:
                self.problems.append(error("empty_value", table.filename, number, column))
            return None

    def date_range(self, table: Table, number: int, row: dict, start: str, end: str, *,
                   required: bool = True) -> tuple:
        """Two dates of a row, each checked, and the end not before the start (a row error otherwise)."""
        starts, ends = (self.date(table, number, row, column) if required or row.get(column) else None
                        for column in (start, end))
        if starts and ends and ends < starts:
            self.problems.append(error("date_order", table.filename, number, end,
                                       start=starts.isoformat(), end=ends.isoformat()))
        return starts, ends

    def flag(self, table: Table, number: int, row: dict, column: str, *, strict: bool = True) -> bool | None:
        value = row.get(column, "").lower()
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        if value and strict:
            self.problems.append(warning("bad_boolean", table.filename, number, column, value=row[column]))
        return None

    @staticmethod
    def split(value: str) -> list[str]:
        return [part.strip() for part in (value or "").split(",") if part.strip()]
