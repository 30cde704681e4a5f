# fujitsu.eternus: every set-up step lives here, so a fresh clone needs only `make demo` or `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DOCS_STAMP := $(VENV)/.docs-installed
BUILD := $(CURDIR)/build
COLLECTIONS := $(BUILD)/collections
STAGE ?= $(BUILD)/stage
STAGED := $(STAGE)/ansible_collections/fujitsu/eternus
# The simulator of demo and sim-start; test runs keep theirs under build/simulators/.
SIM_DIR ?= $(CURDIR)/.sim
SIM_SCENARIO ?= tests/simulator/scenarios/default.yml
INTEGRATION_SIM_DIR := $(BUILD)/simulators/integration
# Ports of the simulated arrays are the scenario's plus this offset (parallel runs on one machine);
# each test run adds its own fixed offset to it.
export SIM_PORT_OFFSET ?= 0
# ansible-test integration targets to run (default: all).
INTEGRATION_TARGETS ?=
export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export PYTHONPATH := $(COLLECTIONS):$(CURDIR)/tests/simulator
export ANSIBLE_FORCE_COLOR := 0
export ANSIBLE_NOCOLOR := 1
export PY_COLORS := 0
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider
# What `make test` runs, in this order.
TEST_PARTS := lint units simulator-tests sanity integration system-tests request-counts molecule failover-test \
  failback-test api-check-test dialect-matrix docs-lint ee-test awx-test tarball-test docs-test
# The dialect matrix (tests/simulator/README.md, Dialects): these presets of tests/simulator/scenarios/dialects/, each
# running these integration targets and playbook tests with SIM_DIALECT=<preset>, DIALECT_JOBS runs at a time.
DIALECT_PRESETS ?= words sparse strict everything
DIALECT_TARGETS ?= rec_session_suspend rec_session_resume rec_session_reverse
DIALECT_PLAYBOOK_TESTS ?= tests/playbooks/test_failover_playbook.py tests/playbooks/test_full_cycle.py
DIALECT_JOBS ?= 3

.PHONY: help venv stage demo test lint sanity units simulator-tests integration system-tests request-counts molecule \
  failover-test failback-test api-check-test dialect-matrix dialect-presets dialect-settings docs docs-lint docs-test ee-test awx-test \
  tarball-test sim-start sim-stop bench clean

help: ## list the targets
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/\1\t\2/p' $(MAKEFILE_LIST) | expand -t 18

$(STAMP): requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

$(DOCS_STAMP): $(STAMP) docs/docsite/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r docs/docsite/requirements.txt
	touch $@

# The collection is imported as ansible_collections.fujitsu.eternus; a symlink serves pytest and playbooks.
$(COLLECTIONS)/ansible_collections/fujitsu/eternus:
	mkdir -p $(COLLECTIONS)/ansible_collections/fujitsu
	ln -sfn $(CURDIR) $@

venv: $(STAMP) $(COLLECTIONS)/ansible_collections/fujitsu/eternus ## create .venv with the pinned test tools
	$(BIN)/python tools/install_get_pip.py

stage: venv ## copy the collection to build/stage/ansible_collections/fujitsu/eternus for ansible-test
	tools/stage_collection.sh $(STAGE) >/dev/null

demo: venv ## start the simulator, fail over site-a, site-c and site-e with playbooks/rec_failover.yml, print the report, stop it
	tools/simulator.sh start $(SIM_DIR) $(SIM_SCENARIO)
	$(BIN)/ansible-playbook -i playbooks/inventory/simulator.yml playbooks/rec_failover.yml -e @$(SIM_DIR)/connection.yml \
	  --forks 3; rc=$$?; tools/simulator.sh stop $(SIM_DIR); exit $$rc

test: venv ## everything below from lint to docs-test, one after the other
	@set -e; for part in $(TEST_PARTS); do $(MAKE) --no-print-directory $$part; done

lint: venv ## ansible-lint, production profile
	$(BIN)/ansible-lint --profile production --offline

# Sanity runs on the default Python: ansible-test does not see pyenv's other versions through its shims.
sanity: stage ## ansible-test sanity on the staged copy
	cd $(STAGED) && $(BIN)/ansible-test sanity --venv --color no --python 3.11

units: venv ## unit tests (tests/unit)
	$(PYTEST) tests/unit

simulator-tests: venv ## the simulator's own tests (tests/simulator/tests)
	$(PYTEST) -n 2 tests/simulator/tests

integration: stage ## ansible-test integration against a simulator of its own (INTEGRATION_TARGETS='...')
	SIM_PORT_OFFSET=$$(( $(SIM_PORT_OFFSET) + 100 )) tools/simulator.sh start $(INTEGRATION_SIM_DIR) $(SIM_SCENARIO)
	$(BIN)/python -m simulator_control.connection_vars $(INTEGRATION_SIM_DIR) $(SIM_SCENARIO) --with-arrays \
	  > $(STAGED)/tests/integration/integration_config.yml
	cd $(STAGED) && $(BIN)/ansible-test integration --color no -v $(INTEGRATION_TARGETS); rc=$$?; \
	  cd $(CURDIR) && tools/simulator.sh stop $(INTEGRATION_SIM_DIR); exit $$rc

# Each xdist worker runs its own simulator.
system-tests: venv ## fault matrix, bad-input table and secret checks (tests/system)
	$(PYTEST) -n 2 tests/system

request-counts: venv ## the request pattern's properties on the simulator's counters, 1,000 resumes against a full job table
	$(PYTEST) -n 2 tests/perf

molecule: venv ## the roles' molecule scenarios
	tools/test_role_molecule.sh

failover-test: venv ## playbooks/rec_failover.yml on three array pairs: rehearsal, failover, rerun
	$(PYTEST) tests/playbooks/test_failover_playbook.py

failback-test: venv ## planned failover, failback and switch back with the playbooks, every step rerun unchanged
	$(PYTEST) tests/playbooks/test_full_cycle.py

api-check-test: venv ## playbooks/rec_api_check.yml: only reads, flags a word the collection does not know
	$(PYTEST) tests/api_check

# Every part runs even when one fails, so that one run shows every dialect a change breaks. The runs mostly wait for
# the simulators' timings, so DIALECT_JOBS of them share the machine; each part's output is shown once it has finished.
dialect-matrix: venv ## dialect-settings and every preset of DIALECT_PRESETS, DIALECT_JOBS at a time
	@start=$$(date +%s); rc=0; \
	$(MAKE) --no-print-directory --keep-going -j$(DIALECT_JOBS) --output-sync=target dialect-settings \
	  $(addprefix dialect-preset-,$(DIALECT_PRESETS)) || rc=1; \
	echo "== dialect matrix: $$( [ $$rc = 0 ] && echo passed || echo FAILED ) in $$(( $$(date +%s) - start )) s"; exit $$rc

# Each preset has its own staged copy (ansible-test writes tests/output there), its own simulators' folders
# (build/simulators/*-<preset>) and its own ports: SIM_PORT_OFFSET + 1000 * (the preset's place in DIALECT_PRESETS),
# plus each test's fixed offset. The output of a preset is shown once it has finished.
dialect-presets: venv ## DIALECT_TARGETS and DIALECT_PLAYBOOK_TESTS with SIM_DIALECT=<preset> for each of DIALECT_PRESETS
	@$(MAKE) --no-print-directory --keep-going -j$(DIALECT_JOBS) --output-sync=target $(addprefix dialect-preset-,$(DIALECT_PRESETS))

dialect-preset-%: venv
	@start=$$(date +%s); place=0; found=; \
	for preset in $(DIALECT_PRESETS); do place=$$((place + 1)); [ "$$preset" = "$*" ] && { found=1; break; }; done; \
	[ -n "$$found" ] || place=$$((place + 1)); \
	offset=$$(( $(SIM_PORT_OFFSET) + 1000 * place )); \
	echo "== dialect $*: integration ($(DIALECT_TARGETS)), ports offset $$offset"; \
	SIM_DIALECT=$* $(MAKE) --no-print-directory integration SIM_PORT_OFFSET=$$offset STAGE=$(BUILD)/stage-dialect-$* \
	  INTEGRATION_SIM_DIR=$(BUILD)/simulators/integration-$* INTEGRATION_TARGETS='$(DIALECT_TARGETS)' && \
	echo "== dialect $*: $(DIALECT_PLAYBOOK_TESTS)" && \
	SIM_DIALECT=$* SIM_PORT_OFFSET=$$offset $(PYTEST) $(DIALECT_PLAYBOOK_TESTS) && \
	echo "== dialect $*: passed in $$(( $$(date +%s) - start )) s"

dialect-settings: venv ## each dialect setting alone: the modules send and report what they do in the default dialect
	$(PYTEST) -n 2 tests/dialects

docs: venv $(DOCS_STAMP) ## the HTML documentation site, strict and offline, into build/docsite/
	tools/build_docs.sh

# rstcheck is left to docs-test, whose strict site build (-W) renders every plugin page: in this lint it checks a copy
# of the collection in a temporary directory whose random name, when it ends in "_", reads as an rst reference.
docs-lint: venv ## antsibull-docs and antsibull-changelog lint
	$(BIN)/antsibull-docs lint-collection-docs --plugin-docs --skip-rstcheck .
	$(BIN)/antsibull-changelog lint

docs-test: venv $(DOCS_STAMP) ## build the documentation site and check its pages
	$(PYTEST) tests/docs

ee-test: venv ## the execution environment's build context holds the tarball and its requirements
	$(PYTEST) tests/ee

awx-test: venv ## the failover playbook through ansible-runner as AWX runs it (tests/awx)
	$(PYTEST) tests/awx

tarball-test: venv ## the built tarball installed into a clean path: ansible-doc, an ad hoc read, the failover playbook
	$(PYTEST) tests/tarball

sim-start: venv ## start the simulator in .sim (SIM_SCENARIO, SIM_PORT_OFFSET)
	tools/simulator.sh start $(SIM_DIR) $(SIM_SCENARIO)

sim-stop: ## stop the simulator in .sim
	tools/simulator.sh stop $(SIM_DIR)

# Not part of `make test`: it takes minutes and its numbers are for people, not assertions.
bench: venv ## benchmark against plain ansible.builtin.uri runbooks (BENCH_ARGS='--sizes 1,10 --runs 1')
	$(BIN)/python tests/perf/bench.py $(BENCH_ARGS)

clean: ## stop the simulator in .sim, remove build/, .sim and tests/output
	-tools/simulator.sh stop $(SIM_DIR)
	rm -rf $(BUILD) $(SIM_DIR) tests/output
