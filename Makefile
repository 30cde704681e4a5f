# fujitsu.eternus: every set-up step lives here, so a fresh clone needs only `make demo` or `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD := $(CURDIR)/build
COLLECTIONS := $(BUILD)/collections
STAGE ?= $(BUILD)/stage
STAGED := $(STAGE)/ansible_collections/fujitsu/eternus
SIM_DIR ?= $(CURDIR)/.sim
# Ports of the simulated arrays are the scenario's plus this offset (parallel runs on one machine).
export SIM_PORT_OFFSET ?= 0
# ansible-test integration targets to run (default: all).
INTEGRATION_TARGETS ?=
SIM_SCENARIO ?= tests/simulator/scenarios/default.yml
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export PYTHONPATH := $(COLLECTIONS):$(CURDIR)/tests/simulator
export ANSIBLE_FORCE_COLOR := 0
export ANSIBLE_NOCOLOR := 1
export PY_COLORS := 0

.PHONY: help venv demo test lint sanity units simulator-tests integration system-tests request-counts molecule failover-test failback-test docs docs-lint docs-test ee-test awx-test tarball-test sim-start sim-stop stage bench clean

help:
	@echo "make demo   - start the simulator, run the planned failover of site-a, site-c and site-e and print the report, stop it"
	@echo "make test   - everything: ansible-lint, sanity, unit, simulator and integration tests"
	@echo "make bench  - benchmark against plain ansible.builtin.uri runbooks (BENCH_ARGS='--sizes 1,10 --runs 1')"
	@echo "parts: lint sanity units simulator-tests integration system-tests request-counts molecule failover-test docs docs-lint docs-test ee-test awx-test tarball-test sim-start sim-stop"

$(STAMP): requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# The collection is imported as ansible_collections.fujitsu.eternus; a symlink serves pytest and playbooks.
$(COLLECTIONS)/ansible_collections/fujitsu/eternus:
	mkdir -p $(COLLECTIONS)/ansible_collections/fujitsu
	ln -sfn $(CURDIR) $@

venv: $(STAMP) $(COLLECTIONS)/ansible_collections/fujitsu/eternus
	$(BIN)/python tools/install_get_pip.py

stage: venv
	tools/stage_collection.sh $(STAGE) >/dev/null

sim-start: venv
	tools/simulator.sh start $(SIM_DIR) $(SIM_SCENARIO)

sim-stop:
	tools/simulator.sh stop $(SIM_DIR)

demo: venv
	tools/simulator.sh start $(SIM_DIR) $(SIM_SCENARIO)
	set -o pipefail; $(BIN)/ansible-playbook -i playbooks/inventory/simulator.yml playbooks/rec_failover.yml \
	  -e @$(SIM_DIR)/connection.yml --forks 3; rc=$$?; tools/simulator.sh stop $(SIM_DIR); exit $$rc

lint: venv
	$(BIN)/ansible-lint --profile production --offline

# Sanity runs on the default Python: ansible-test does not see pyenv's other versions through its shims.
sanity: stage
	cd $(STAGED) && $(BIN)/ansible-test sanity --venv --color no --python 3.11

units: venv
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit

simulator-tests: venv
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/simulator/tests

integration: stage
	tools/simulator.sh start $(SIM_DIR) $(SIM_SCENARIO)
	$(BIN)/python tools/connection_vars.py $(SIM_DIR) $(SIM_SCENARIO) --with-arrays > $(STAGED)/tests/integration/integration_config.yml
	cd $(STAGED) && $(BIN)/ansible-test integration --color no -v $(INTEGRATION_TARGETS); rc=$$?; \
	  cd $(CURDIR) && tools/simulator.sh stop $(SIM_DIR); exit $$rc

DOCS_STAMP := $(VENV)/.docs-installed

$(DOCS_STAMP): $(STAMP) docs/docsite/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r docs/docsite/requirements.txt
	touch $@

docs-lint: venv
	$(BIN)/antsibull-docs lint-collection-docs --plugin-docs .
	$(BIN)/antsibull-changelog lint

# The HTML documentation site, strict (-W) and offline, into build/docsite/.
docs: venv $(DOCS_STAMP)
	tools/build_docs.sh

docs-test: venv $(DOCS_STAMP)
	tools/test_docs_site.sh

ee-test: venv
	tools/test_execution_environment.sh

# Fault matrix, bad-input table and secret checks; each xdist worker runs its own simulator.
system-tests: venv
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/system

# The request pattern's design properties, asserted on the simulator's counters, and 1,000 resumes
# against an array that runs out of job slots.
request-counts: venv
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/perf

awx-test: venv
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/awx

tarball-test: venv
	tools/test_collection_tarball.sh

molecule: venv
	tools/test_role_molecule.sh

failover-test: venv
	tools/test_failover_playbook.sh

# Planned failover, failback and switch back against the simulator, every step rerun unchanged.
failback-test: venv
	tools/test_full_cycle.sh

test: venv
	$(MAKE) lint
	$(MAKE) units
	$(MAKE) simulator-tests
	$(MAKE) sanity
	$(MAKE) integration
	$(MAKE) system-tests
	$(MAKE) request-counts
	$(MAKE) molecule
	$(MAKE) failover-test
	$(MAKE) failback-test
	$(MAKE) docs-lint
	$(MAKE) ee-test
	$(MAKE) awx-test
	$(MAKE) tarball-test
	$(MAKE) docs-test

# Not part of `make test`: it takes minutes and its numbers are for people, not assertions.
bench: venv
	$(BIN)/python tests/perf/bench.py $(BENCH_ARGS)

clean:
	-tools/simulator.sh stop $(SIM_DIR)
	rm -rf $(BUILD) $(SIM_DIR) tests/output
