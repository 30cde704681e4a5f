# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The documentation site (tools/build_docs.sh: strict, offline) holds what it should.

A page per module and per filter with its options, the role's page from meta/argument_specs.yml, the guides, the
transition table rendered from the code, the links of docs/docsite/links.yml and resolved references to docs.ansible.com.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from ansible_collections.fujitsu.eternus.plugins.doc_fragments.connection import ModuleDocFragment

from ansible_collections.fujitsu.eternus.plugins.module_utils._api import IDS_PER_REQUEST
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import tables
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec.session_jobs import MAX_JOBS_IN_FLIGHT
from simulator_control import REPO_ROOT

SITE = REPO_ROOT / "build" / "docsite"
MODULES = sorted(p.stem for p in (REPO_ROOT / "plugins" / "modules").glob("*.py") if not p.stem.startswith("_"))
FILTER_DOCS = sorted((REPO_ROOT / "plugins" / "filter").glob("*.yml"))
ROLES = sorted(p.name for p in (REPO_ROOT / "roles").iterdir() if (p / "meta" / "argument_specs.yml").is_file())
LINKS = yaml.safe_load((REPO_ROOT / "docs" / "docsite" / "links.yml").read_text())


@pytest.fixture(scope="module", autouse=True)
def site() -> Path:
    subprocess.run([str(REPO_ROOT / "tools" / "build_docs.sh")], check=True, stdout=subprocess.DEVNULL, timeout=900)
    return SITE


def page(relative: str) -> str:
    """The page's text without tags."""
    path = SITE / relative
    assert path.is_file(), "missing %s" % path
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def raw(relative: str) -> str:
    path = SITE / relative
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def module_options(module: str) -> list[str]:
    """The module's options: its own and those of the collection's doc fragments it extends."""
    found = re.search(r'DOCUMENTATION = r?"""(.*?)"""|DOCUMENTATION = r?\'\'\'(.*?)\'\'\'',
                      (REPO_ROOT / "plugins" / "modules" / f"{module}.py").read_text(), re.S)
    doc = yaml.safe_load(found.group(1) or found.group(2))
    options = list(doc.get("options") or {})
    for fragment in doc.get("extends_documentation_fragment") or []:
        if fragment.startswith("fujitsu.eternus.connection"):
            attribute = fragment.rpartition(".")[2] if fragment.count(".") == 3 else "DOCUMENTATION"
            options += list(yaml.safe_load(getattr(ModuleDocFragment, attribute)).get("options") or {})
    return options


@pytest.mark.parametrize("module", MODULES)
def test_each_module_has_a_page_with_its_options_and_is_listed(module):
    text = page(f"{module}_module.html")
    options = module_options(module)
    assert options, f"{module}: no options found in its DOCUMENTATION"
    assert [option for option in options if option not in text] == [], f"{module}_module.html does not show these options"
    assert f"fujitsu.eternus.{module}" in page("index.html"), f"index.html does not list fujitsu.eternus.{module}"


@pytest.mark.parametrize("doc", FILTER_DOCS, ids=[doc.stem for doc in FILTER_DOCS])
def test_each_filter_has_a_page_with_its_options_and_is_listed(doc):
    text = page(f"{doc.stem}_filter.html")
    options = yaml.safe_load(doc.read_text())["DOCUMENTATION"]["options"]
    assert [option for option in options if option != "_input" and option not in text] == [], \
        f"{doc.stem}_filter.html does not show these options"
    assert f"fujitsu.eternus.{doc.stem}" in page("index.html"), f"index.html does not list fujitsu.eternus.{doc.stem}"


@pytest.mark.parametrize("role_name", ROLES)
def test_each_role_has_a_page_with_its_argument_specs(role_name):
    role = page(f"{role_name}_role.html")
    specs = yaml.safe_load((REPO_ROOT / "roles" / role_name / "meta" / "argument_specs.yml").read_text())
    assert [option for option in specs["argument_specs"]["main"]["options"] if option not in role] == [], \
        f"{role_name}_role.html does not show these options"


def test_the_runbook_has_its_sections():
    runbook = page("docsite/dr_runbook.html")
    for heading in ("Planned or unplanned?", "What a forced suspend throws away", "Run it from AWX / Automation Platform",
                    "Fail back and switch back"):
        assert heading in runbook, f"docsite/dr_runbook.html lacks the section {heading!r}"


def test_the_scale_guide_has_its_sections_and_the_numbers_table():
    scale = page("docsite/scale.html")
    for heading in ("One array, one host: forks", "Job slicing in AWX / Automation Platform", "Instance groups and execution nodes",
                    "What each array allows", "Large arrays: bounded output", "Numbers"):
        assert heading in scale, f"docsite/scale.html lacks the section {heading!r}"
    for row in ("Module wall", "After the array finished", "Peak memory", "Result size", "Controller CPU per array"):
        assert row in scale, f"docsite/scale.html: the numbers table lacks the row {row!r}"
    assert "scale.html" in raw("index.html"), "index.html does not list the scale guide"


def test_the_scale_guide_states_the_limits_the_modules_keep():
    scale = " ".join(page("docsite/scale.html").split())
    assert "at most %d copy session ids" % IDS_PER_REQUEST in scale
    assert "at most %d of their own unfinished" % MAX_JOBS_IN_FLIGHT in scale


def test_the_transition_page_shows_every_row_of_the_code_and_the_diagram():
    transitions = page("docsite/rec_transitions.html")
    # Sphinx turns "..." into an ellipsis character.
    flat = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", " ".join(transitions.split()))).replace("\u2026", "...")
    for transition in tables.SUSPEND_TRANSITIONS:
        assert f"{transition.session_state} ({transition.category})" in flat, \
            f"docsite/rec_transitions.html lacks the row {transition.category}"
    assert "<svg" in raw("docsite/rec_transitions.html"), "docsite/rec_transitions.html does not show the state diagram"
    flat_transitions = " ".join(transitions.split())
    for table in (tables.RESUME_TRANSITIONS, tables.REVERSE_TRANSITIONS):
        for transition in table:
            assert transition.category in flat_transitions, \
                f"docsite/rec_transitions.html lacks the resume/reverse row {transition.category}"


def test_the_links_resolve():
    index_html = raw("index.html")
    for link in LINKS["extra_links"]:
        assert f'href="{link["url"]}"' in index_html, f"index.html lacks the link {link['url']}"
    edit = "https://github.com/%s/edit/%s/" % (LINKS["edit_on_github"]["repository"], LINKS["edit_on_github"]["branch"])
    assert edit in raw("rec_session_suspend_module.html"), f"rec_session_suspend_module.html has no edit-on-GitHub link ({edit}...)"
    assert 'href="https://docs.ansible.com/projects/ansible/devel/reference_appendices/common_return_values.html' \
        in raw("rec_session_suspend_module.html"), "rec_session_suspend_module.html does not link the common return values on docs.ansible.com"
