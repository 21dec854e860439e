# DanVan — one command per chore. Needs only python3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: scaleout demo test lint layers typecheck format migrations-check bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "DanVan cần Python 3.11 (python3.11).")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

demo: venv
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_units
	$(PY) manage.py load_demo
	@echo ""
	@echo "DanVan đang chạy tại http://127.0.0.1:8000 — đăng nhập bằng một tài khoản ở bảng trên (Ctrl+C để dừng)."
	$(PY) manage.py runserver 127.0.0.1:8000

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

# The national topology on loopback (tests/scaleout): PostgreSQL primary + streaming replica, PgBouncer, two app
# servers behind nginx, two notification workers. Needs Debian's postgresql, pgbouncer and nginx.
scaleout: venv
	DANVAN_SCALEOUT=1 $(PY) -m pytest tests/scaleout -q $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

# Modules mypy checks (pyproject.toml [tool.mypy]): lib/, every write and read module of the domain apps, the gate.
TYPED := lib $(wildcard */services.py */selectors.py) reports/periods.py reports/board.py cases/intake.py cases/handling.py cases/duplicates.py \
	cases/retention.py cases/history.py cases/access.py cases/competence.py cases/rounds.py cases/situations.py \
	practices/authority.py meetings/reception.py meetings/dialogues.py meetings/dialogue_records.py \
	orgs/permissions.py orgs/scope.py audit/transitions.py programmes/inspections.py programmes/contributions.py programmes/citations.py \
	democracy/disclosures.py democracy/obligations.py democracy/consultations.py democracy/supervision.py \
	democracy/village_rules.py democracy/compliance.py

typecheck: venv
	$(VENV)/bin/mypy $(filter-out .venv/%,$(TYPED))

format: venv
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

bench: venv
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/danvan.sqlite3* var/static .pytest_cache
