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

# Digital Bazaar's credential verifier (@digitalbazaar/vc and friends), run against issued credentials.
VERIFIER := tests/credentials/verifier
$(VERIFIER)/node_modules/.package-lock.json: $(VERIFIER)/package-lock.json
	npm ci --prefix $(VERIFIER) --no-audit --no-fund

# The whole suite on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL at the same time: two
# processes, each with its own databases, files and ports (most of a run waits on Chromium, servers and the
# database, so the two together take far less than one after the other). The PostgreSQL report follows the
# SQLite one; either run failing, or collecting no test (exit 5), fails the target.
test: $(STAMP) translations $(OIDC_PROVIDER)/node_modules/.package-lock.json $(LIGHTHOUSE)/node_modules/.package-lock.json \
		$(VERIFIER)/node_modules/.package-lock.json
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		TRACKER_TEST_BACKEND=postgresql $(PY) -m pytest -p no:cacheprovider > .pytest-postgresql.log 2>&1 & \
		postgresql_run=$$!; \
	fi; \
	$(PY) -m pytest; sqlite=$$?; postgresql=0; \
	if [ -n "$$TEST_DATABASE_URL" ]; then \
		wait $$postgresql_run; postgresql=$$?; \
		echo "== the same suite on PostgreSQL ($$TEST_DATABASE_URL), run beside it"; \
		cat .pytest-postgresql.log; \
	else echo "TEST_DATABASE_URL is not set: skipped the PostgreSQL run"; fi; \
	echo "SQLite run: exit $$sqlite; PostgreSQL run: exit $$postgresql"; \
	[ $$sqlite -eq 0 ] && [ $$postgresql -eq 0 ]

bench: $(STAMP) translations
	$(PY) -m tracker.bench $(BENCH_ARGS)
