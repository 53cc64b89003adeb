# The two set-up commands: `make run` and `make test`. Both create .venv when it is missing.
VENV    := .venv
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app tracker
# `make run PORT=5001` serves on another port.
PORT    ?= 5000
# Reinstall whenever pyproject.toml changes.
STAMP   := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test test-sqlite test-postgresql bench translations extract-messages

$(PY):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(VENV)/bin/pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

translations: $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -d tracker/translations

extract-messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o tracker/translations/messages.pot .
	# Each catalogue keeps the line width it was written with (a smaller diff on every update).
	$(VENV)/bin/pybabel update -l en -i tracker/translations/messages.pot -d tracker/translations
	$(VENV)/bin/pybabel update -l es -w 100 -i tracker/translations/messages.pot -d tracker/translations

run: $(STAMP) translations
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT) with a job worker beside it (Ctrl-C stops both)"
	@$(FLASK) worker & worker=$$!; trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
		$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The OpenID provider the sign-in tests run (oidc-provider from npm), installed from its lock file.
OIDC_PROVIDER := tests/sso/provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund

# Lighthouse (pinned), for the accessibility check of the student and family pages.
LIGHTHOUSE := tests/lighthouse
$(LIGHTHOUSE)/node_modules/.package-lock.json: $(LIGHTHOUSE)/package-lock.json
	npm ci --prefix $(LIGHTHOUSE) --no-audit --no-fund

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
test: $(STAMP) translations $(OIDC_PROVIDER)/node_modules/.package-lock.json $(LIGHTHOUSE)/node_modules/.package-lock.json
	$(PY) -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		TRACKER_TEST_BACKEND=postgresql $(PY) -m pytest; \
	else echo "TEST_DATABASE_URL is not set: skipped the PostgreSQL run"; fi

bench: $(STAMP) translations
	$(PY) -m tracker.bench $(BENCH_ARGS)
