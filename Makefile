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
# Ansible's own folders (ansible-lint's, molecule's, every ansible-playbook's) under build/, not the user's ~/.ansible;
# ansible-test integration passes none of these through: tools/write_integration_cfg.sh does it there.
export ANSIBLE_HOME := $(BUILD)/ansible-home
export ANSIBLE_LOCAL_TEMP := $(BUILD)/ansible-home/tmp
export ANSIBLE_REMOTE_TEMP := $(BUILD)/ansible-home/remote-tmp
export ANSIBLE_ASYNC_DIR := $(BUILD)/ansible-home/async
# Each target's temporary files (the reports the tests write among them, which audit-reports checks) under build/pytest.
PYTEST = $(BIN)/python -m pytest -q -p no:cacheprovider --basetemp=$(BUILD)/pytest/$@
# pytest makes the basetemp folder itself, but not its parents.
$(shell mkdir -p $(BUILD)/pytest)
# What `make test` runs (tools/run_test_parts.sh): TEST_PARTS in this order. Once TEST_BACKGROUND_AFTER has passed,
# TEST_BACKGROUND_PARTS one after the other beside them, niced: parts that depend on no timing (the sanity and unit
# runs of the version matrix's oldest and newest cells, the documentation, the importer gate). Once TEST_SIDE_AFTER has
# passed, TEST_SIDE_PARTS beside the main lane's parts that only wait for the simulator with no tight timing of their
# own (molecule ... ee-test). Then TEST_LAST_PARTS, which check what every part wrote.
TEST_PARTS := lint units simulator-tests sanity integration system-tests request-counts molecule failover-test \
  failback-test api-check-test eda-test ee-test dr-test-test dialect-matrix awx-test
TEST_BACKGROUND_AFTER := sanity
TEST_BACKGROUND_PARTS := matrix-ends-static docs-lint docs-test importer-test
TEST_SIDE_AFTER := request-counts
TEST_SIDE_PARTS := matrix-ends-simulator tarball-test
TEST_LAST_PARTS := audit-reports
# The dialect matrix (tests/simulator/README.md, Dialects): these presets of tests/simulator/scenarios/dialects/, each
# running these integration targets and playbook tests with SIM_DIALECT=<preset>, DIALECT_JOBS runs at a time.
# strict+words: the array's strict request handling and its other words at once (two orthogonal presets; each setting
# also runs alone in dialect-settings). Every preset of tests/simulator/scenarios/dialects/ can be named here.
DIALECT_PRESETS ?= strict+words sparse everything
DIALECT_TARGETS ?= rec_session_suspend rec_session_resume rec_session_reverse
DIALECT_PLAYBOOK_TESTS ?= tests/playbooks/test_failover_playbook.py tests/playbooks/test_full_cycle.py
DIALECT_JOBS ?= 4
# ansible-test keeps its pip bootstrap and its sanity environments under ~/.ansible/test: ansible-test sanity and units
# get this HOME instead, so that a test run leaves the user's home alone; its caches stay there between runs.
# Not integration: on ansible-core 2.17 async_status would look for async jobs in the real home.
ANSIBLE_TEST_HOME := $(BUILD)/ansible-test-home
ANSIBLE_TEST := HOME=$(ANSIBLE_TEST_HOME) $(BIN)/ansible-test

# The version matrix (tests/matrix/README.md): every ansible-core meta/runtime.yml claims, each cell on its own
# virtual environment in build/matrix/<cell>/venv (ansible-core, tests/matrix/requirements.txt), made once per
# ansible-core pin (the stamp build/matrix/<cell>/<version>.installed) and reused. A cell is <ansible-core>-py<python>.
# A Makefile and not tox-ansible or nox: every set-up step of this repository already lives here (a fresh clone needs
# only make), the cells need pyenv's interpreters by their full path (pyenv's shims refuse the versions that are not
# selected, and tox/nox look interpreters up by name on PATH), and the oldest and newest cells also start the
# simulator for the integration targets and the failover playbook test, which the Makefile already knows how to do.
MATRIX := $(BUILD)/matrix
# galaxy-importer (make importer-test): its own virtual environment and work files.
IMPORTER := $(BUILD)/importer
ANSIBLE_CORE_2.17 := 2.17.14
ANSIBLE_CORE_2.18 := 2.18.19
ANSIBLE_CORE_2.19 := 2.19.14
ANSIBLE_CORE_2.20 := 2.20.10
ANSIBLE_CORE_2.21 := 2.21.5
MATRIX_CELLS ?= 2.17-py3.11 2.18-py3.11 2.19-py3.11 2.20-py3.12 2.20-py3.13 2.21-py3.12 2.21-py3.13
# The oldest and the newest cell: these also run the integration targets and the failover playbook test, and `make test`
# runs them (make matrix-ends).
MATRIX_FULL_CELLS ?= $(firstword $(MATRIX_CELLS)) $(lastword $(MATRIX_CELLS))
# The full cells' simulator runs side by side (2) or one after the other (1: about 3 minutes longer, steadier on a busy
# machine; tools/matrix.sh).
MATRIX_SIMULATOR_JOBS ?= 2
# Which chains of the cells run: static (sanity, units), simulator (integration, failover-test).
MATRIX_CHAINS ?= static simulator
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
PYTHON_3.11 ?= $(PYTHON)
PYTHON_3.12 ?= $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.12.*/bin/python3.12)))
PYTHON_3.13 ?= $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.13.*/bin/python3.13)))
cell_core = $(ANSIBLE_CORE_$(firstword $(subst -py, ,$(1))))
cell_python_version = $(lastword $(subst -py, ,$(1)))
cell_stamp = $(MATRIX)/$(1)/$(call cell_core,$(1)).installed
MATRIX_FULL_STAMPS = $(foreach cell,$(MATRIX_FULL_CELLS),$(call cell_stamp,$(cell)))
# The tests that also run a playbook on the oldest ansible-core (the stop-all switch) use the oldest cell's venv.
OLDEST_CELL := $(firstword $(MATRIX_CELLS))
export ANSIBLE_OLDEST_CORE_BIN := $(MATRIX)/$(OLDEST_CELL)/venv/bin

.PHONY: help venv stage demo test lint sanity units simulator-tests integration system-tests request-counts molecule \
  failover-test failback-test dr-test-test api-check-test eda-test audit-reports dialect-matrix dialect-presets dialect-settings docs docs-lint docs-test ee-test awx-test \
  tarball-test importer-test matrix matrix-ends matrix-run sim-start sim-stop bench clean

help: ## list the targets
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/\1\t\2/p' $(MAKEFILE_LIST) | expand -t 18

$(STAMP): requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	PIP_CACHE_DIR=$(BUILD)/cache/pip $(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

$(DOCS_STAMP): $(STAMP) docs/docsite/requirements.txt
	PIP_CACHE_DIR=$(BUILD)/cache/pip $(BIN)/python -m pip install --quiet --disable-pip-version-check -r docs/docsite/requirements.txt
	touch $@

# The collection is imported as ansible_collections.fujitsu.eternus; a symlink serves pytest and playbooks.
$(COLLECTIONS)/ansible_collections/fujitsu/eternus:
	mkdir -p $(COLLECTIONS)/ansible_collections/fujitsu
	ln -sfn $(CURDIR) $@

venv: $(STAMP) $(COLLECTIONS)/ansible_collections/fujitsu/eternus ## create .venv with the pinned test tools
	HOME=$(ANSIBLE_TEST_HOME) $(BIN)/python tools/install_get_pip.py

stage: venv ## copy the collection to build/stage/ansible_collections/fujitsu/eternus for ansible-test
	tools/stage_collection.sh $(STAGE) >/dev/null

demo: venv ## on a simulator of its own (a sim-start one keeps running): fail over site-a/c/e, fail back on site-b/d/f, print the reports
	tools/demo.sh $(SIM_SCENARIO)

# The matrix's oldest and newest cells and the documentation tools in .venv are installed first: the two lanes never
# install into the same virtual environment, nor into one another part is running from.
test: venv $(MATRIX_FULL_STAMPS) $(DOCS_STAMP) ## TEST_PARTS (lint ... awx-test) in turn, TEST_BACKGROUND_PARTS and TEST_SIDE_PARTS beside them, then audit-reports
	@MAKE='$(MAKE)' TEST_PARTS='$(TEST_PARTS)' TEST_BACKGROUND_AFTER='$(TEST_BACKGROUND_AFTER)' \
	  TEST_BACKGROUND_PARTS='$(TEST_BACKGROUND_PARTS)' TEST_SIDE_AFTER='$(TEST_SIDE_AFTER)' TEST_SIDE_PARTS='$(TEST_SIDE_PARTS)' \
	  TEST_LAST_PARTS='$(TEST_LAST_PARTS)' tools/run_test_parts.sh $(BUILD)

lint: venv ## ansible-lint, production profile
	$(BIN)/ansible-lint --profile production --offline

# Sanity runs on the default Python here; make matrix runs it on every ansible-core and Python (tests/matrix/README.md).
sanity: stage ## ansible-test sanity on the staged copy
	cd $(STAGED) && $(ANSIBLE_TEST) sanity --venv --color no --python 3.11

units: venv ## unit tests (tests/unit)
	$(PYTEST) tests/unit

simulator-tests: venv ## the simulator's own tests (tests/simulator/tests)
	$(PYTEST) -n 2 tests/simulator/tests

integration: stage ## ansible-test integration against a simulator of its own (INTEGRATION_TARGETS='...')
	SIM_PORT_OFFSET=$$(( $(SIM_PORT_OFFSET) + 100 )) tools/simulator.sh start $(INTEGRATION_SIM_DIR) $(SIM_SCENARIO)
	$(BIN)/python -m simulator_control.connection_vars $(INTEGRATION_SIM_DIR) $(SIM_SCENARIO) --with-arrays \
	  > $(STAGED)/tests/integration/integration_config.yml
	tools/write_integration_cfg.sh $(STAGED)
	cd $(STAGED) && $(BIN)/ansible-test integration --color no -v $(INTEGRATION_TARGETS); rc=$$?; \
	  cd $(CURDIR) && tools/simulator.sh stop $(INTEGRATION_SIM_DIR); exit $$rc

# Each xdist worker runs its own simulator.
system-tests: venv $(call cell_stamp,$(OLDEST_CELL)) ## fault matrix, bad-input table and secret checks (tests/system)
	$(PYTEST) -n 2 tests/system

request-counts: venv ## the request pattern's properties on the simulator's counters, 1,000 resumes against a full job table
	$(PYTEST) -n 2 tests/perf

molecule: venv ## the roles' molecule scenarios
	tools/test_role_molecule.sh

failover-test: venv ## playbooks/rec_failover.yml on three array pairs: rehearsal, failover, rerun
	$(PYTEST) tests/playbooks/test_failover_playbook.py

failback-test: venv $(call cell_stamp,$(OLDEST_CELL)) ## planned failover, failback and switch back with the playbooks, every step rerun unchanged
	$(PYTEST) -n 2 --dist loadfile tests/playbooks/test_full_cycle.py tests/playbooks/test_r2_failback_safety.py

dr-test-test: venv ## playbooks/rec_dr_test.yml on three array pairs: drill start, DR writes, end, reruns and refusals
	$(PYTEST) tests/playbooks/test_dr_test_cycle.py

# ansible-rulebook (make eda-test) runs from a virtual environment of its own (tests/eda/requirements.txt), and needs a
# Java 17 runtime: JAVA_HOME, else the java on PATH.
EDA_VENV := $(BUILD)/eda-venv
export JAVA_HOME ?= $(patsubst %/bin/java,%,$(realpath $(shell command -v java)))

$(EDA_VENV)/.installed: tests/eda/requirements.txt
	rm -rf $(EDA_VENV)
	$(PYTHON) -m venv $(EDA_VENV)
	PIP_CACHE_DIR=$(BUILD)/cache/pip $(EDA_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	  -r tests/eda/requirements.txt
	touch $@

eda-test: venv $(EDA_VENV)/.installed ## the EDA event source's unit tests; ansible-rulebook runs the rulebook against the simulator
	$(PYTEST) tests/eda

# After the tests that write failover, failback and drill reports: every one of them must follow the schema.
audit-reports: venv ## every report the tests wrote under build/ conforms to docs/schemas/rec_report.schema.json
	REC_AUDIT_REPORTS_REQUIRED=1 $(PYTEST) tests/unit/test_audit_report_schema.py -k every_report

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

# A cell's virtual environment: made again when its ansible-core pin or tests/matrix/requirements.txt changes.
$(MATRIX)/%.installed: tests/matrix/requirements.txt
	@test -n "$(call cell_core,$(*D))" -a -n "$(PYTHON_$(call cell_python_version,$(*D)))" || \
	  { echo "cell $(*D): no ansible-core pin (ANSIBLE_CORE_<x.y>) or no interpreter (PYTHON_<x.y>)"; exit 1; }
	rm -rf $(@D)/venv $(@D)/*.installed
	$(PYTHON_$(call cell_python_version,$(*D))) -m venv $(@D)/venv
	PIP_CACHE_DIR=$(BUILD)/cache/pip $(@D)/venv/bin/python -m pip install --quiet --disable-pip-version-check \
	  ansible-core==$(*F) -r tests/matrix/requirements.txt
	touch $@

matrix: venv ## every cell of MATRIX_CELLS (make cell-<cell> for one): sanity, units; oldest and newest also integration, failover-test
	@$(MAKE) --no-print-directory matrix-run CELLS='$(MATRIX_CELLS)'

matrix-ends: venv ## the oldest and the newest cell of the version matrix (MATRIX_FULL_CELLS), as in make matrix
	@$(MAKE) --no-print-directory matrix-run CELLS='$(MATRIX_FULL_CELLS)'

# make test runs matrix-ends in two halves: sanity and units in its niced background lane, the integration targets and
# the failover playbook test in its side lane, beside parts with no tight timing of their own (tools/run_test_parts.sh).
matrix-ends-static: venv ## sanity and units of the oldest and the newest cell
	@$(MAKE) --no-print-directory matrix-run CELLS='$(MATRIX_FULL_CELLS)' MATRIX_CHAINS=static

matrix-ends-simulator: venv ## the integration targets and the failover playbook test of the oldest and the newest cell
	@$(MAKE) --no-print-directory matrix-run CELLS='$(MATRIX_FULL_CELLS)' MATRIX_CHAINS=simulator

cell-%: venv
	@$(MAKE) --no-print-directory matrix-run CELLS='$*'

# tools/matrix.sh runs the cells (CELLS) and prints the table of their parts with results and times.
matrix-run: venv $(foreach cell,$(CELLS),$(MATRIX)/$(cell)/$(call cell_core,$(cell)).installed)
	@ANSIBLE_TEST_HOME=$(ANSIBLE_TEST_HOME) SIM_SCENARIO=$(SIM_SCENARIO) MATRIX_SIMULATOR_JOBS=$(MATRIX_SIMULATOR_JOBS) \
	  MATRIX_CHAINS='$(MATRIX_CHAINS)' \
	  tools/matrix.sh $(MATRIX) \
	  $(foreach cell,$(CELLS),$(cell):$(call cell_python_version,$(cell)):$(if $(filter $(cell),$(MATRIX_FULL_CELLS)),1,0))

docs: venv $(DOCS_STAMP) ## the HTML documentation site, strict and offline, into build/docsite/
	tools/build_docs.sh

# rstcheck is left to docs-test, whose strict site build (-W) renders every plugin page: in this lint it checks a copy
# of the collection in a temporary directory whose random name, when it ends in "_", reads as an rst reference.
docs-lint: venv ## antsibull-docs and antsibull-changelog lint
	mkdir -p $(BUILD)/antsibull-home
	HOME=$(BUILD)/antsibull-home $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --skip-rstcheck .
	HOME=$(BUILD)/antsibull-home $(BIN)/antsibull-changelog lint

docs-test: venv $(DOCS_STAMP) ## build the documentation site and check its pages
	$(PYTEST) tests/docs

ee-test: venv ## the execution environment's build context holds the tarball and its requirements
	$(PYTEST) tests/ee

awx-test: venv ## the failover playbook through ansible-runner as AWX runs it (tests/awx)
	$(PYTEST) -n 2 --dist loadfile tests/awx

tarball-test: venv ## the built tarball installed into a clean path: ansible-doc, an ad hoc read, the failover playbook
	$(PYTEST) tests/tarball

$(IMPORTER)/venv/.installed: requirements-importer.txt
	rm -rf $(IMPORTER)/venv
	$(PYTHON) -m venv $(IMPORTER)/venv
	PIP_CACHE_DIR=$(BUILD)/cache/pip $(IMPORTER)/venv/bin/python -m pip install --quiet --disable-pip-version-check \
	  -r requirements-importer.txt
	touch $@

# The gate and the importer's known false positives (with the reasons): tools/importer_gate.py.
importer-test: venv $(IMPORTER)/venv/.installed ## galaxy-importer on the built tarball (no ansible-test): no warning, no error
	rm -rf $(IMPORTER)/dist
	$(BIN)/ansible-galaxy collection build --output-path $(IMPORTER)/dist . >/dev/null
	env -u PYTHONPATH -u ANSIBLE_COLLECTIONS_PATH $(IMPORTER)/venv/bin/python tools/importer_gate.py $(IMPORTER)/dist/*.tar.gz $(IMPORTER)/work

sim-start: venv ## start the simulator in .sim (SIM_SCENARIO, SIM_PORT_OFFSET)
	tools/simulator.sh start $(SIM_DIR) $(SIM_SCENARIO)

sim-stop: ## stop the simulator in .sim
	tools/simulator.sh stop $(SIM_DIR)

# Not part of `make test`: it takes minutes and its numbers are for people, not assertions.
bench: venv ## benchmark up to 10,000 sessions, a fleet of 1/10/50 arrays, module start-up (BENCH_ARGS='--sizes 1,10 --runs 1 --fleet 1,2')
	$(BIN)/python tests/perf/bench.py $(BENCH_ARGS)

clean: ## stop the simulator in .sim, remove build/, .sim and tests/output
	-tools/simulator.sh stop $(SIM_DIR)
	rm -rf $(BUILD) $(SIM_DIR) tests/output
