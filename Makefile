PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint format bench worker audit clean css map

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

# Links in the demo's output and emails point at the port it serves.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py load_demo_leads
	@echo "Serving the portal on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

# The inner loop: no browser, no processes, on every core.
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -m "not browser and not services" -n auto $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(VENV)/.installed
	$(BIN)/celery -A config worker --beat --loglevel INFO --concurrency 2

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

# Front-end tools come from npm (package.json); what they build is committed, so
# `make run` and `make test` need no Node.
FONTS := ibm-plex-sans-latin-400-normal ibm-plex-sans-latin-400-italic \
	ibm-plex-sans-latin-600-normal source-serif-4-latin-600-normal
SASS := node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules \
	--quiet-deps --silence-deprecation=import --silence-deprecation=global-builtin \
	--silence-deprecation=color-functions --silence-deprecation=if-function

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Bootstrap 5 from its Sass with our variables (assets/scss/), and the fonts.
css: node_modules/.installed
	$(SASS) assets/scss/site.scss static/css/site.css
	$(SASS) assets/scss/print.scss static/css/print.css
	mkdir -p static/fonts
	for font in $(FONTS); do \
	  family=$$(echo $$font | sed 's/-latin-.*//'); \
	  cp node_modules/@fontsource/$$family/files/$$font.woff2 static/fonts/; \
	done
	cp node_modules/@fontsource/ibm-plex-sans/LICENSE static/fonts/LICENSE-ibm-plex-sans
	cp node_modules/@fontsource/source-serif-4/LICENSE static/fonts/LICENSE-source-serif-4

# Africa's outlines from Natural Earth (world-atlas), converted once.
map: node_modules/.installed $(VENV)/.installed
	$(BIN)/python manage.py build_africa_map node_modules/world-atlas/countries-50m.json

# Needs the internet (the PyPI and OSV advisories): for an operator's own CI.
audit: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
