"""Metrics in Prometheus's text format (version 0.0.4), written by hand: a histogram and a counter
are a few lines each, and no client library is needed.

Request metrics live in this process's memory: under gunicorn each worker keeps its own, and a
scrape reads the worker that answers it (see the README's note on several workers). Job and pool
figures are read when scraped, so every worker reports the same jobs.
"""
import math
import threading
from collections import defaultdict

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATEMENT_BUCKETS = (1, 2, 5, 10, 20, 30, 50, 100, 200, 500, 1000)


class Histogram:
    """Observations per label set, in cumulative buckets, with their sum and count."""

    def __init__(self, name: str, help_text: str, labels: tuple[str, ...], buckets: tuple):
        self.name, self.help, self.labels, self.buckets = name, help_text, labels, buckets
        self._lock = threading.Lock()
        self._series: dict[tuple, list] = {}  # label values -> [bucket counts..., sum, count]

    def observe(self, value: float, *label_values: str) -> None:
        with self._lock:
            series = self._series.setdefault(label_values, [0] * len(self.buckets) + [0.0, 0])
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    series[i] += 1
            series[-2] += value
            series[-1] += 1

    def lines(self) -> list[str]:
        out = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        with self._lock:
            items = sorted(self._series.items())
            for label_values, series in items:
                labels = _labels(self.labels, label_values)
                for bound, count in zip(self.buckets, series):
                    out.append(f"{self.name}_bucket{_labels(self.labels, label_values, le=_number(bound))} {count}")
                out.append(f"{self.name}_bucket{_labels(self.labels, label_values, le='+Inf')} {series[-1]}")
                out.append(f"{self.name}_sum{labels} {_number(series[-2])}")
                out.append(f"{self.name}_count{labels} {series[-1]}")
        return out

    def clear(self) -> None:
        with self._lock:
            self._series.clear()


class Counter:
    def __init__(self, name: str, help_text: str, labels: tuple[str, ...]):
        self.name, self.help, self.labels = name, help_text, labels
        self._lock = threading.Lock()
        self._values: dict[tuple, float] = defaultdict(float)

    def inc(self, *label_values: str, by: float = 1) -> None:
        with self._lock:
            self._values[label_values] += by

    def lines(self) -> list[str]:
        out = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        with self._lock:
            out += [f"{self.name}{_labels(self.labels, values)} {_number(v)}" for values, v in sorted(self._values.items())]
        return out

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def gauge_lines(name: str, help_text: str, labels: tuple[str, ...], values: dict[tuple, float]) -> list[str]:
    """A gauge read at scrape time: {label values: value}."""
    return [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"] + [
        f"{name}{_labels(labels, key)} {_number(value)}" for key, value in sorted(values.items())]


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: tuple[str, ...], values: tuple, **extra) -> str:
    pairs = list(zip(names, values)) + list(extra.items())
    return "{" + ",".join(f'{name}="{_escape(value)}"' for name, value in pairs) + "}" if pairs else ""


def _number(value: float) -> str:
    if isinstance(value, float):
        if math.isinf(value):
            return "+Inf" if value > 0 else "-Inf"
        return repr(value)
    return str(value)


REQUEST_SECONDS = Histogram("tracker_request_duration_seconds", "Time to answer a request, by endpoint.",
                            ("endpoint", "method"), LATENCY_BUCKETS)
REQUEST_STATEMENTS = Histogram("tracker_request_statements", "SQL statements run to answer a request, by endpoint.",
                               ("endpoint",), STATEMENT_BUCKETS)
RESPONSES = Counter("tracker_responses_total", "Responses sent, by endpoint and status code.",
                    ("endpoint", "status"))
IN_PROCESS = (REQUEST_SECONDS, REQUEST_STATEMENTS, RESPONSES)
