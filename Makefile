# The two commands of the README: `make crawl` (set up, then the demo crawl) and
# `make test` (set up, then lint, types, migrations check and the test suite).
.PHONY: setup crawl test lint check-migrations

setup:
	./scripts/setup.sh

crawl: setup
	.venv/bin/nianbao demo

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy archive crawler ingest nianbao parsers registry benchmarks
	.venv/bin/lint-imports

check-migrations: setup
	rm -f .venv/alembic-check.db
	.venv/bin/alembic -x db=sqlite:///.venv/alembic-check.db upgrade head
	.venv/bin/alembic -x db=sqlite:///.venv/alembic-check.db check

test: lint check-migrations
	.venv/bin/python -m pytest -q
