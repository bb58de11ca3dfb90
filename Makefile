# The README's two commands: `make run` and `make test`. Both build the same .venv once and
# reuse it; the install step re-runs only when pyproject.toml changes.
# Airlock parses the reviewed Python with its own interpreter, so it runs on the newest
# Python >= 3.12 found (packaging/find_python.sh); PYTHON=... overrides the choice.
PYTHON ?= $(shell sh packaging/find_python.sh)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.airlock-installed
# llama-cpp-python builds from source: use every core.
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test lint typecheck contracts rules-test pytest install screenshots clean

run: $(STAMP)
	$(BIN)/airlock-gui

test: lint typecheck contracts rules-test pytest

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# The semgrep rule pack's own tests (`ruleid:` / `ok:` annotations beside each rule file),
# offline: no metrics, no version check, local rules only.
rules-test: $(STAMP)
	$(BIN)/semgrep --test --metrics=off --disable-version-check resources/rules/semgrep

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" && $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
		|| { echo "Airlock needs Python 3.12 or newer: none found (set PYTHON=...)"; exit 1; }
	@echo "Airlock: using $(PYTHON) ($$($(PYTHON) -c 'import platform; print(platform.python_version())'))"
	@test ! -x $(BIN)/python || $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
		|| { echo "Airlock: $(VENV) uses Python < 3.12; recreating it"; rm -rf $(VENV); }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[model,dev]"
	touch $(STAMP)

# PNGs of the main views with a demo project, for docs/screenshots/ and the README.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/airlock-gui --screenshot docs/screenshots/

# The sample HTML report rendered by headless Chromium (apt-get install -y chromium).
.PHONY: report-screenshot
report-screenshot: $(STAMP)
	$(BIN)/python packaging/report_screenshot.py --output docs/screenshots/report.png

# Offline installation (docs/packaging.md). `bundle` writes dist/airlock-offline-*.tar:
# every wheel for this platform (llama-cpp-python compiled here), the embedded model,
# SHA256SUMS and install.sh; it reuses dist/'s bundle while its inputs are unchanged.
# `bundle-test` installs it with the network cut off, reviews a sample with the model, takes
# a screenshot, and checks that a tampered bundle is refused. `app-bundle` builds a
# one-folder PyInstaller app (dist/airlock-app/) from the bundle's wheels (not run in CI).
.PHONY: bundle bundle-test app-bundle app-bundle-test
bundle: $(STAMP)
	$(BIN)/python packaging/bundle.py

bundle-test: bundle
	$(BIN)/python packaging/bundle_test.py

app-bundle: bundle
	$(BIN)/python packaging/app_bundle.py build

app-bundle-test:
	$(BIN)/python packaging/app_bundle.py test

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
