# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the README and the DR guide promise matches the collection (issue 15, point 6): the tarball and image
versions are galaxy.yml's, the DR runbook has one source and every relative link resolves, the failback role's
variables are all documented, the guide explains the stop-all switch and the failback's refusals, and `make sim-start`
prints the ETERNUS_* variables (without the password), `make demo` leaves a `make sim-start` simulator running."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
import yaml

from simulator_control import REPO_ROOT, port_offset, state_dir

GALAXY_VERSION = yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text())["version"]
README = (REPO_ROOT / "README.md").read_text()
FAILBACK_README = (REPO_ROOT / "roles" / "rec_failback" / "README.md").read_text()
RUNBOOK = (REPO_ROOT / "docs" / "docsite" / "rst" / "dr_runbook.rst").read_text()
# The Markdown files this part of the repository keeps; their relative links must resolve.
MARKDOWN = [REPO_ROOT / "README.md", REPO_ROOT / "roles" / "rec_failback" / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
SIMULATOR = REPO_ROOT / "tools" / "simulator.sh"
SCENARIO = REPO_ROOT / "tests" / "simulator" / "scenarios" / "default.yml"


def test_the_readme_names_the_tarball_and_image_of_the_version_in_galaxy_yml():
    tarballs = re.findall(r"fujitsu-eternus-(\d+\.\d+\.\d+)\.tar\.gz", README)
    images = re.findall(r"eternus-ee:(\d+\.\d+\.\d+)", README)
    assert tarballs and set(tarballs) == {GALAXY_VERSION}, tarballs
    assert set(images) <= {GALAXY_VERSION}, images
    assert re.search(r"ansible-galaxy collection install fujitsu-eternus-%s\.tar\.gz" % re.escape(GALAXY_VERSION), README)


def test_the_dr_runbook_has_one_source_and_every_relative_link_resolves():
    assert not (REPO_ROOT / "docs" / "dr_runbook.md").exists(), "docs/dr_runbook.md: the guide is docs/docsite/rst/dr_runbook.rst"
    broken = []
    for path in MARKDOWN:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text()):
            if re.match(r"[a-z]+://", target):
                continue
            if not (path.parent / target).exists():
                broken.append("%s -> %s" % (path.relative_to(REPO_ROOT), target))
    assert broken == []


def test_every_variable_of_the_failback_role_is_in_its_readme():
    specs = yaml.safe_load((REPO_ROOT / "roles" / "rec_failback" / "meta" / "argument_specs.yml").read_text())
    options = specs["argument_specs"]["main"]["options"]
    connection = ("host", "port", "username", "password", "ca_path", "validate_certs", "timeout")
    missing = [name for name in options
               if "`%s`" % name not in FAILBACK_README and name.replace("rec_failback_", "") not in connection]
    assert missing == []
    for name in ("rec_failback_failover_report", "rec_failback_home_sessions", "rec_failback_discard_home_changes"):
        assert name in README or name in FAILBACK_README


def test_the_dr_guide_explains_the_stop_all_switch_and_the_failbacks_refusals():
    text = re.sub(r"\s+", " ", RUNBOOK)
    detect = text.split("Detect: one array fails", 1)[1]
    for words in ("``eternus_stop_all_on_failure``", "``false`` (**the default**)", "independent", "one application's data together",
                  "all or nothing **before any change**"):
        assert words in detect, words
    overwrite = text.split("No silent overwrite", 1)[1]
    for words in ("``rec_failover_report_dir``", "``rec_failback_discard_home_changes: true``", "**Without a failover report**",
                  "home 128", "``not read``"):
        assert words in overwrite, words
    assert "the home array's own changes since the failover are overwritten" not in text


@pytest.fixture(name="sim_start")
def fixture_sim_start():
    """tools/simulator.sh start, as `make sim-start` runs it, on ports of its own; stopped at the end."""
    state = state_dir("r2-sim-start")
    env = dict(os.environ, SIM_PORT_OFFSET=str(port_offset(970)))
    started = subprocess.run([str(SIMULATOR), "start", str(state), str(SCENARIO)], capture_output=True, text=True, env=env,
                             timeout=120, check=False)
    try:
        yield state, started, env
    finally:
        subprocess.run([str(SIMULATOR), "stop", str(state)], check=False, timeout=60)


def test_sim_start_prints_the_eternus_variables_to_export_without_the_password(sim_start):
    state, started, _env = sim_start
    assert started.returncode == 0, started.stderr
    connection = yaml.safe_load((state / "connection.yml").read_text())
    lines = started.stdout.splitlines()
    port = yaml.safe_load((state / "simulator.json").read_text())["arrays"]["site-a"]["port"]
    for expected in ("export ETERNUS_HOST=127.0.0.1", "export ETERNUS_PORT=%s" % port, "export ETERNUS_USERNAME=root",
                     "export ETERNUS_CA_PATH=%s" % connection["eternus_ca_path"], "export ETERNUS_VALIDATE_CERTS=true"):
        assert "  " + expected in lines, expected
    assert connection["eternus_password"] not in started.stdout
    # The printed lines, pasted into a shell, give the modules what they need.
    exports = "\n".join(line.strip() for line in lines if line.startswith("  export "))
    shell = subprocess.run(["bash", "-c", exports + '\necho "$ETERNUS_PASSWORD|$ETERNUS_CA_PATH"'], capture_output=True, text=True,
                           check=True)
    assert shell.stdout.strip() == "%s|%s" % (connection["eternus_password"], connection["eternus_ca_path"])
    every = subprocess.run([str(SIMULATOR), "env", str(state)], capture_output=True, text=True, check=True).stdout
    assert "export ETERNUS_PASSWORD=%s" % connection["eternus_password"] in every


def test_demo_leaves_a_sim_start_simulator_running(sim_start, tmp_path):
    state, started, env = sim_start
    assert started.returncode == 0, started.stderr
    pid = int((state / "pid").read_text())
    demo = subprocess.run([str(REPO_ROOT / "tools" / "demo.sh"), str(SCENARIO)], capture_output=True, text=True, timeout=900,
                          check=False, cwd=REPO_ROOT,
                          env=dict(env, DEMO_DIR=str(tmp_path / "demo"), SIM_PORT_OFFSET=str(port_offset(990)), ANSIBLE_NOCOLOR="1"))
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    os.kill(pid, 0)  # still running
    assert (state / "pid").read_text().strip() == str(pid)
    for words in ("== playbooks/rec_failover.yml", "== playbooks/rec_failback.yml", "REC failback report for site-b",
                  "Refused and left as they are: 1 session(s) of site-b", "demo simulator stopped"):
        assert words in demo.stdout, words
    assert not (tmp_path / "demo" / "pid").exists()
