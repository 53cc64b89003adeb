"""The benchmark behind `make bench`: `python -m tracker.bench --help`."""
