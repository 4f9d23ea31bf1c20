# The two commands of the README. Both install what they need first.
#   make site   builds the site and the PDF handbooks into site/
#   make test   runs the whole test suite
PYTHON ?= python3

.PHONY: site test install install-test lint bench

install:
	bash scripts/install-system-packages.sh site
	$(PYTHON) -m pip install --quiet -e '.[pdf]'

install-test:
	bash scripts/install-system-packages.sh test
	$(PYTHON) -m pip install --quiet -e '.[pdf,test]'

site: install
	$(PYTHON) -m build_tools build

# The suite includes the lint (ruff) and type (mypy) checks: either failing fails `make test`.
# pytest exits 5 when it collects no tests; that is not a failure of the suite.
test: install-test
	$(MAKE) --no-print-directory lint
	$(PYTHON) -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; else exit $$rc; fi

lint:
	$(PYTHON) -m ruff check build_tools tests benchmarks scripts
	$(PYTHON) -m ruff format --check build_tools tests benchmarks scripts
	$(PYTHON) -m mypy

bench: install-test
	$(PYTHON) benchmarks/run.py
