# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The execution environment's build context (ansible-builder create, no container engine needed).

The context installs the collection tarball and our Python and system requirements, and ansible-builder finds them in
the installed collection's meta/execution-environment.yml (how it sees them when the collection is a dependency of
someone else's execution environment).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from simulator_control import REPO_ROOT, VENV_BIN, clean_environment

BUILD = REPO_ROOT / "build"
TARBALL = "fujitsu-eternus-%s.tar.gz" % yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text())["version"]


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    return clean_environment({"PATH": "%s:%s" % (VENV_BIN, clean_environment()["PATH"]), "HOME": str(tmp_path_factory.mktemp("home"))})


def run(command: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=environment, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def context(environment):
    """build/ee, the build context, made from the tarball built into build/dist."""
    for folder in ("dist", "ee", "ee-introspect"):
        shutil.rmtree(BUILD / folder, ignore_errors=True)
    run(["ansible-galaxy", "collection", "build", "--output-path", "build/dist"], environment)
    assert (BUILD / "dist" / TARBALL).is_file(), "ansible-galaxy collection build did not write build/dist/%s" % TARBALL
    created = run(["ansible-builder", "create", "-f", "execution-environment.yml", "-c", "build/ee"], environment)
    assert created.returncode == 0, "ansible-builder create failed:\n" + created.stdout + created.stderr
    return BUILD / "ee"


@pytest.fixture(scope="module")
def introspected(context, environment):
    """What the image's introspection step reads from the installed collection."""
    target = BUILD / "ee-introspect"
    run(["ansible-galaxy", "collection", "install", "--force", "build/dist/" + TARBALL, "-p", str(target)],
        dict(environment, ANSIBLE_COLLECTIONS_PATH=str(target)))
    run(["ansible-builder", "introspect", str(target), "--write-pip", str(target / "requirements.txt"),
         "--write-bindep", str(target / "bindep.txt")], environment)
    return target


def test_execution_environment_yml_names_the_built_tarball():
    assert "build/dist/" + TARBALL in (REPO_ROOT / "execution-environment.yml").read_text(), \
        "execution-environment.yml does not name build/dist/%s (galaxy.yml version)" % TARBALL


def test_the_context_copies_and_installs_the_tarball(context):
    containerfile = context / "Dockerfile" if (context / "Dockerfile").is_file() else context / "Containerfile"
    assert containerfile.is_file(), "no Containerfile in build/ee"
    assert (context / "_build" / TARBALL).read_bytes() == (BUILD / "dist" / TARBALL).read_bytes(), \
        "build/ee/_build/%s is not the built tarball" % TARBALL
    assert "COPY _build/%s " % TARBALL in containerfile.read_text(), "%s does not copy the tarball" % containerfile
    collections = yaml.safe_load((context / "_build" / "requirements.yml").read_text())["collections"]
    assert {"name": "/build/" + TARBALL, "type": "file"} in collections


def test_the_context_installs_our_python_and_system_requirements(context):
    assert "requests>=2.25.0" in (context / "_build" / "requirements.txt").read_text().splitlines(), \
        "build/ee/_build/requirements.txt does not name requests"
    assert (context / "_build" / "bindep.txt").read_bytes() == (REPO_ROOT / "bindep.txt").read_bytes(), \
        "build/ee/_build/bindep.txt differs from bindep.txt"


def test_ansible_builder_finds_the_requirements_in_the_installed_collection(introspected):
    requirements = (introspected / "requirements.txt").read_text()
    assert re.search(r"^requests>=2\.25\.0", requirements, re.M), \
        "ansible-builder introspect does not find requests in the installed collection: %s" % requirements
    assert re.search(r"^ca-certificates", (introspected / "bindep.txt").read_text(), re.M), \
        "ansible-builder introspect does not find bindep.txt in the installed collection"
