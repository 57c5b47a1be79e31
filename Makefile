# The two commands of the README: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run demo test lint mutate venv system-deps bench bundle clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,postgres]'
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	bash scripts/install-system-deps.sh test

run: venv
	bash scripts/install-system-deps.sh run
	$(VENV)/bin/duizhao serve --data data --demo

demo: venv
	$(VENV)/bin/duizhao demo --out out

test: venv system-deps lint
	$(PY) scripts/run_tests.py

# The offline installer: dist/duizhao-<version>-offline-linux-{x86_64,aarch64}.tar.gz, wheels for Python 3.11-3.13.
bundle: venv
	$(PY) scripts/build_bundle.py --out dist

# Lint, format check and types (configured in pyproject.toml): the core strict, web basic.
# `python scripts/type_debt.py` counts the errors of a package in a NOT YET STRICT override (none today).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Mutation testing of the judging code ([tool.mutmut] in pyproject.toml), then the score per
# module. Long (hours on 2 cores): `make mutate MUTANTS="duizhao.cycle.meeting*"` runs a part.
SAMPLES_DIR ?= $(abspath ../shared/samples)
MUTANTS ?=
mutate: venv
	DUIZHAO_SAMPLES=$(SAMPLES_DIR) nice -n 10 $(VENV)/bin/mutmut run $(MUTANTS)
	$(PY) scripts/mutation_score.py

bench: venv
	$(PY) bench/parse_render.py

clean:
	rm -rf $(VENV) out test-artifacts mutants
