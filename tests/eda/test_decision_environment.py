# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The decision environment's build context (ansible-builder create, no container engine needed): ansible-rulebook at
the version the rulebook test runs, its Java 17 runtime, the collection - from the tarball built from this checkout,
as in execution-environment.yml (tests/ee), not from Galaxy - and what the event source imports."""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile

import pytest
import yaml

from simulator_control import REPO_ROOT, VENV_BIN, clean_environment

DEFINITION = REPO_ROOT / "extensions" / "eda" / "decision-environment.yml"
CONTEXT = REPO_ROOT / "build" / "eda" / "de"
DIST = REPO_ROOT / "build" / "dist"
TARBALL = "fujitsu-eternus-%s.tar.gz" % yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text())["version"]


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    """build/eda/de, made from the tarball built into build/dist (as tests/ee does; build/dist is not emptied)."""
    shutil.rmtree(CONTEXT, ignore_errors=True)
    environment = clean_environment({"PATH": "%s:%s" % (VENV_BIN, clean_environment()["PATH"]), "HOME": str(tmp_path_factory.mktemp("home"))})
    built = subprocess.run(["ansible-galaxy", "collection", "build", "--force", "--output-path", str(DIST)], env=environment, cwd=REPO_ROOT,
                           capture_output=True, text=True, timeout=300, check=False)
    assert (DIST / TARBALL).is_file(), "ansible-galaxy collection build did not write build/dist/%s:\n%s%s" % (TARBALL, built.stdout, built.stderr)
    created = subprocess.run(["ansible-builder", "create", "-f", str(DEFINITION), "-c", str(CONTEXT)], env=environment, cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=300, check=False)
    assert created.returncode == 0, "ansible-builder create failed:\n" + created.stdout + created.stderr
    # ansible-builder only warns when a build file is missing: the tarball must be in the context.
    assert "No matches" not in created.stdout + created.stderr, created.stdout + created.stderr
    return CONTEXT


def test_the_definition_names_the_built_tarball_not_galaxy():
    definition = yaml.safe_load(DEFINITION.read_text())
    assert definition["dependencies"]["galaxy"]["collections"] == [{"name": "/build/" + TARBALL, "type": "file"}], \
        "decision-environment.yml does not install /build/%s (galaxy.yml version) from a file" % TARBALL
    assert definition["additional_build_files"] == [{"src": "../../build/dist/" + TARBALL, "dest": "."}]
    assert definition["additional_build_steps"]["prepend_galaxy"] == ["COPY _build/%s /build/%s" % (TARBALL, TARBALL)]


def test_the_context_copies_and_installs_the_tarball_built_from_this_checkout(context):
    assert (context / "_build" / TARBALL).read_bytes() == (DIST / TARBALL).read_bytes(), "build/eda/de/_build/%s is not the built tarball" % TARBALL
    assert "COPY _build/%s /build/%s" % (TARBALL, TARBALL) in (context / "Dockerfile").read_text()
    collections = yaml.safe_load((context / "_build" / "requirements.yml").read_text())["collections"]
    assert collections == [{"name": "/build/" + TARBALL, "type": "file"}]
    with tarfile.open(context / "_build" / TARBALL) as tarball:
        names = set(tarball.getnames())
    assert {"extensions/eda/plugins/event_source/rec_sessions.py", "extensions/eda/rulebooks/rec_copy_path_watch.yml",
            "extensions/eda/rulebooks/rec_copy_path_watch_controller.yml", "playbooks/rec_failover_rehearsal.yml"} <= names


def pins(path):
    return dict(line.split("==", 1) for line in path.read_text().splitlines() if "==" in line and not line.startswith("#"))


def test_the_context_installs_the_ansible_rulebook_the_rulebook_test_runs(context):
    assert pins(context / "_build" / "requirements.txt")["ansible-rulebook"] == pins(REPO_ROOT / "tests" / "eda" / "requirements.txt")["ansible-rulebook"]


def test_the_context_installs_what_the_event_source_imports_java_and_the_collection(context):
    requirements = (context / "_build" / "requirements.txt").read_text().splitlines()
    assert [line for line in requirements if line.startswith("requests")] == [
        line for line in (REPO_ROOT / "requirements.txt").read_text().splitlines() if line.startswith("requests")]
    assert re.search(r"^java-17-openjdk-headless \[platform:rpm\]$", (context / "_build" / "bindep.txt").read_text(), re.M)
    collections = yaml.safe_load((context / "_build" / "requirements.yml").read_text())["collections"]
    assert [c["name"] for c in collections] == ["/build/" + TARBALL]


def test_the_image_leaves_sigterm_to_ansible_rulebook(context):
    assert "ENV JAVA_TOOL_OPTIONS=-Xrs" in (context / "Dockerfile").read_text()


def test_the_core_and_runner_pins_are_the_execution_environments():
    de = yaml.safe_load(DEFINITION.read_text())["dependencies"]
    ee = yaml.safe_load((REPO_ROOT / "execution-environment.yml").read_text())["dependencies"]
    assert de["ansible_core"] == ee["ansible_core"] and de["ansible_runner"] == ee["ansible_runner"]


def test_the_rulebook_tests_ansible_core_is_the_test_tools_one():
    assert pins(REPO_ROOT / "tests" / "eda" / "requirements.txt")["ansible-core"] == pins(REPO_ROOT / "requirements-test.txt")["ansible-core"]
