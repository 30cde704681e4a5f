# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The built collection tarball, installed into a clean temporary path, used through that installed copy only.

ansible-doc shows the modules and the role, an ad hoc rec_session_info reads the simulator with the connection from
the ETERNUS_* environment, and the collection's own failover playbook (fujitsu.eternus.rec_failover) fails over the
simulator's three primaries.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import tarfile

import pytest
import yaml

from simulator_control import (REPO_ROOT, VENV_BIN, clean_environment, port_offset, ports_inventory, run_playbook, running_simulator,
                               state_dir)

PRIMARIES = ["site-a", "site-c", "site-e"]
# What the tarball may hold: these top-level entries, and of tests/ only what runs from an installed copy.
SHIPPED_TOP_LEVEL = {".ansible-lint", "CHANGELOG.rst", "FILES.json", "LICENSE", "MANIFEST.json", "README.md", "bindep.txt",
                     "requirements.txt", "changelogs", "docs", "extensions", "meta", "playbooks", "plugins", "roles", "tests"}
SHIPPED_TESTS = ["tests/config.yml", "tests/unit/*"]
# Never in the tarball (issue 16): development files, and tests that need this repository or the simulator (not shipped).
NOT_SHIPPED = [".gitignore", ".yamllint", "Makefile", "requirements-test.txt", "requirements-importer.txt", "execution-environment.yml", ".ci/*", "tools/*",
               "docs/docsite/requirements.txt", "changelogs/fragments/*", "changelogs/.plugin-cache.yaml", "roles/*/molecule/*",
               "tests/awx/*", "tests/system/*", "tests/integration/*", "tests/simulator/*", "tests/molecule/*", "tests/playbooks/*",
               "tests/perf/*", "tests/tarball/*", "tests/ee/*", "tests/docs/*", "tests/dialects/*", "tests/api_check/*", "tests/eda/*",
               "tests/matrix/*", "*/__pycache__/*", "*.pyc"]
# The importer's ansible-lint reads .ansible-lint; the tarball test's playbook run needs the simulator inventory.
MUST_SHIP = [".ansible-lint", "meta/runtime.yml", "changelogs/changelog.yaml", "playbooks/rec_failover.yml",
             "playbooks/inventory/simulator.yml", "roles/rec_failover/meta/argument_specs.yml", "tests/unit/requirements.txt"]


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("tarball")


@pytest.fixture(scope="module")
def clean_path(work):
    """Nothing but this path: no playbook-adjacent collections, no ~/.ansible, no site-packages, no repository checkout."""
    path = work / "collections"
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def environment(work, clean_path):
    (work / "home").mkdir()
    return clean_environment({
        "PATH": "%s:%s" % (VENV_BIN, clean_environment()["PATH"]), "HOME": str(work / "home"),
        "ANSIBLE_COLLECTIONS_PATH": str(clean_path), "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false", "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_LOCAL_TEMP": str(work / "tmp"), "ANSIBLE_HOME": str(work / "ansible-home")})


def run(command: list[str], environment: dict[str, str], work) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=environment, cwd=work, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def tarball(environment, work):
    version = yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text())["version"]
    output = REPO_ROOT / "build" / "tarball-test"
    shutil.rmtree(output, ignore_errors=True)
    built = run(["ansible-galaxy", "collection", "build", "--output-path", str(output), str(REPO_ROOT)], environment, work)
    path = output / ("fujitsu-eternus-%s.tar.gz" % version)
    assert path.is_file(), built.stdout + built.stderr
    return path


@pytest.fixture(scope="module")
def installed(tarball, environment, clean_path, work):
    install = run(["ansible-galaxy", "collection", "install", str(tarball), "-p", str(clean_path)], environment, work)
    assert install.returncode == 0, install.stdout + install.stderr
    return clean_path / "ansible_collections" / "fujitsu" / "eternus"


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(state_dir("tarball"), offset=port_offset(800)) as sim:
        yield sim


@pytest.fixture(scope="module")
def eternus_environment(environment, simulator):
    """The connection only through the environment, as ad hoc commands and AWX credentials pass it."""
    login = simulator.connection_vars()
    site_a = simulator.info["arrays"]["site-a"]
    return dict(environment, ETERNUS_HOST=site_a["host"], ETERNUS_PORT=str(site_a["port"]), ETERNUS_USERNAME=login["eternus_username"],
                ETERNUS_PASSWORD=login["eternus_password"], ETERNUS_CA_PATH=login["eternus_ca_path"])


def test_the_tarball_holds_only_what_a_user_needs(tarball):
    with tarfile.open(tarball) as archive:
        files = sorted(member.name for member in archive.getmembers() if member.isfile())
    unexpected = [f for f in files if f.split("/")[0] not in SHIPPED_TOP_LEVEL
                  or (f.startswith("tests/") and not any(fnmatch.fnmatch(f, p) for p in SHIPPED_TESTS))]
    assert not unexpected, "files outside what a user needs (galaxy.yml build_ignore): %s" % unexpected
    not_shipped = [f for f in files if any(fnmatch.fnmatch(f, p) for p in NOT_SHIPPED)]
    assert not not_shipped, "the tarball holds files a user never needs (galaxy.yml build_ignore): %s" % not_shipped
    missing = [f for f in MUST_SHIP if f not in files]
    assert not missing, "the tarball lacks %s" % missing


def test_the_tarball_installs_into_the_clean_path_only(installed, environment, clean_path, work):
    assert (installed / "MANIFEST.json").is_file(), "the tarball did not install into %s" % installed
    listed = run(["ansible-galaxy", "collection", "list", "fujitsu.eternus"], environment, work).stdout
    assert re.search("^# %s/ansible_collections" % re.escape(str(clean_path)), listed, re.M), listed
    assert len(re.findall("^# ", listed, re.M)) == 1, "fujitsu.eternus is found in more than the clean path: %s" % listed


def test_ansible_doc_reads_the_installed_module_and_the_role(installed, environment, work):
    module_doc = run(["ansible-doc", "fujitsu.eternus.rec_session_suspend"], environment, work)
    assert module_doc.returncode == 0, module_doc.stderr
    assert "%s/plugins/modules/rec_session_suspend.py" % installed in module_doc.stdout
    assert "force_reason" in module_doc.stdout
    role_doc = run(["ansible-doc", "-t", "role", "fujitsu.eternus.rec_failover"], environment, work)
    assert role_doc.returncode == 0, role_doc.stderr
    assert "rec_failover_mode" in role_doc.stdout, "the role's argument specs are not in the installed collection"


def test_an_ad_hoc_read_takes_its_connection_from_the_environment(installed, eternus_environment, work):
    info = run(["ansible", "localhost", "-m", "fujitsu.eternus.rec_session_info", "-a", "session_ids=1,2,3", "-o"],
               eternus_environment, work)
    text = info.stdout + info.stderr
    assert info.returncode == 0, text
    result = json.loads(info.stdout.split(" => ", 1)[1])
    assert {s["copysession_id"]: s["status"] for s in result["sessions"]} == {1: "Active", 2: "Active", 3: "Active"}
    assert eternus_environment["ETERNUS_PASSWORD"] not in text, "the password is in the ad hoc output"


def test_the_shipped_failover_playbook_fails_over_by_its_fqcn(installed, eternus_environment, simulator, work):
    environment = {key: value for key, value in eternus_environment.items() if key not in ("ETERNUS_HOST", "ETERNUS_PORT")}
    inventories = (installed / "playbooks" / "inventory" / "simulator.yml", ports_inventory(simulator, work / "ports.yml"))
    playbook = run_playbook("fujitsu.eternus.rec_failover", work, inventories=inventories, options=("--forks", "3"), env=environment)
    text = playbook.stdout + playbook.stderr
    assert playbook.returncode == 0, text
    for host in PRIMARIES:
        assert re.search(r"^%s +: ok=[0-9]+ +changed=[1-9][0-9]* .*failed=0" % host, playbook.stdout, re.M), "%s did not fail over" % host
    assert eternus_environment["ETERNUS_PASSWORD"] not in text, "the password is in the playbook output"
