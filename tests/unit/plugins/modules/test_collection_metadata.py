# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Keeps metadata that must agree in two places from drifting apart."""

from __future__ import annotations

import importlib
import importlib.util
import pathlib

import pytest
import yaml

from ansible_collections.fujitsu.eternus.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.fujitsu.eternus.plugins.module_utils._module import (
    CONNECTION_ARGSPEC, MATCH_ARGSPEC, SELECTION_ARGSPEC, SESSION_FIELDS_ARGSPEC, WAIT_ARGSPEC)
from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import tables

ROOT = pathlib.Path(__file__).resolve().parents[4]
MODULES = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if not p.stem.startswith("_"))


def test_every_module_is_in_the_eternus_action_group():
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())
    assert sorted(runtime["action_groups"]["eternus"]) == MODULES
    assert MODULES, "no modules found"


def _doc_options(fragment: str) -> dict:
    return yaml.safe_load(fragment)["options"]


@pytest.mark.parametrize("fragment, spec", [(ModuleDocFragment.DOCUMENTATION, CONNECTION_ARGSPEC),
                                            (ModuleDocFragment.WAIT, WAIT_ARGSPEC),
                                            (ModuleDocFragment.SELECTION, SELECTION_ARGSPEC),
                                            (ModuleDocFragment.SESSION_FIELDS, SESSION_FIELDS_ARGSPEC),
                                            (ModuleDocFragment.MATCH, MATCH_ARGSPEC)])
def test_doc_fragment_matches_the_argspec(fragment, spec):
    docs = _doc_options(fragment)
    assert sorted(docs) == sorted(spec)
    for name, option in spec.items():
        assert docs[name]["type"] == option["type"], name
        assert docs[name].get("default") == option.get("default"), name
        assert bool(docs[name].get("required")) == bool(option.get("required")), name
        assert docs[name].get("aliases", []) == option.get("aliases", []), name
        for sub, suboption in option.get("options", {}).items():
            assert docs[name]["suboptions"][sub]["type"] == suboption["type"], (name, sub)
            assert docs[name]["suboptions"][sub].get("choices") == suboption.get("choices"), (name, sub)


def test_every_connection_option_has_its_documented_environment_fallback():
    docs = _doc_options(ModuleDocFragment.DOCUMENTATION)
    for name, option in CONNECTION_ARGSPEC.items():
        variable = option["fallback"][1][0]
        assert variable == "ETERNUS_" + name.upper()
        assert "E(%s)" % variable in " ".join(docs[name]["description"]), name


def test_password_is_no_log():
    assert CONNECTION_ARGSPEC["password"]["no_log"] is True


@pytest.mark.parametrize("name", MODULES)
def test_module_docs_parse_and_name_the_action_group(name):
    module = importlib.import_module("ansible_collections.fujitsu.eternus.plugins.modules.%s" % name)
    doc = yaml.safe_load(module.DOCUMENTATION)
    assert doc["module"] == name
    assert "fujitsu.eternus.connection.ATTRIBUTES" in doc["extends_documentation_fragment"]
    assert yaml.safe_load(module.RETURN) and yaml.safe_load(module.EXAMPLES)


def _render_transitions_tool():
    spec = importlib.util.spec_from_file_location("render_transitions", ROOT / "tools" / "render_transitions.py")
    render_transitions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_transitions)
    return render_transitions


def test_the_transition_tables_in_docs_are_rendered_from_the_code():
    render_transitions = _render_transitions_tool()
    rendered = (ROOT / "docs" / "rec_transitions.md").read_text()
    assert rendered == render_transitions.render()
    for table in (tables.render_transition_table_markdown(), tables.render_resume_table_markdown(),
                  tables.render_reverse_table_markdown()):
        assert table in rendered
    headings = [heading for heading, _force, _scope in tables.SUSPEND_COLUMNS]
    assert headings[-1] == "force: true, force_scope: halted"
    assert "| Session state | %s |\n" % " | ".join(headings) in rendered
    for transition in tables.SUSPEND_TRANSITIONS:
        outcomes = [transition.without_force, transition.with_force, transition.with_force_halted_only or transition.with_force]
        assert tables.suspend_outcomes(transition) == outcomes
        cells = ["%s (`%s`)" % (transition.session_state, transition.category)] + [tables.describe_outcome(o) for o in outcomes]
        assert "| %s |\n" % " | ".join(cells) in rendered

    rendered_rst = (ROOT / "docs" / "docsite" / "rst" / "rec_transitions.rst").read_text()
    assert rendered_rst == render_transitions.render_rst()
    assert "   * - Session state\n%s" % "".join("     - %s\n" % heading for heading in headings) in rendered_rst
    for transition in tables.SUSPEND_TRANSITIONS:
        cells = ["%s (``%s``)" % (transition.session_state, transition.category)]
        cells += [tables.describe_outcome(outcome) for outcome in tables.suspend_outcomes(transition)]
        assert "   * - %s\n" % "\n     - ".join(cells) in rendered_rst
    # The halted-only column differs from the force column exactly where the table says so: a copying session is refused.
    not_equivalent = tables.TRANSITIONS_BY_CATEGORY["not_equivalent"]
    assert not_equivalent.with_force_halted_only.action == "ineligible"
    assert tables.describe_outcome(not_equivalent.with_force_halted_only) in rendered
    assert tables.describe_outcome(not_equivalent.with_force_halted_only) in rendered_rst
    for row in tables.RESUME_TRANSITIONS + tables.REVERSE_TRANSITIONS:
        consent = "" if row.with_consent is None else (
            "; with ``discard_destination_changes: true``: %s" % tables.describe_outcome(row.with_consent))
        assert "   * - %s (``%s``)\n     - %s%s\n" % (
            row.session_state, row.category, tables.describe_outcome(row.outcome), consent) in rendered_rst


def test_the_state_diagram_is_drawn_from_the_tables():
    render_transitions = _render_transitions_tool()
    svg = (ROOT / "docs" / "docsite" / "rst" / "rec_session_states.svg").read_text()
    assert svg == render_transitions.render_svg()
    # The picture is in the docs site page too, inline (antsibull-docs copies only .rst files into the site).
    assert "\n".join("   " + line for line in svg.splitlines()) in (ROOT / "docs" / "docsite" / "rst" / "rec_transitions.rst").read_text()
    edges = render_transitions.diagram_edges()
    drawn = {(source, target, label) for source, target, label, from_table in edges if from_table}
    assert ("suspend", "copying", "resume") in drawn
    assert ("suspend", "suspend", "reverse (direction swaps)") in drawn
    assert ("halt", "suspend", "suspend, force") in drawn
    assert ("equivalent", "suspend", "suspend") in drawn
    # Only the force column lets a copying session be suspended: the arrow says so.
    assert ("copying", "suspend", "suspend") not in drawn and ("copying", "suspend", "suspend, force") in drawn
    # No module resumes or reverses a halted session, so no table arrow leaves Halt but the forced suspend.
    assert {edge for edge in drawn if edge[0] == "halt"} == {("halt", "suspend", "suspend, force")}
    for source, target, label, _from_table in edges:
        assert ("%s --> %s : %s" % (source, target, label)) in render_transitions.render_mermaid()
    assert tables.RESUME_BY_CATEGORY["suspended"].outcome.action == "resume"


def test_a_changed_table_changes_the_diagram(monkeypatch):
    render_transitions = _render_transitions_tool()
    before = render_transitions.render_svg()
    halted = tables.Row("halted", "Status Halt", tables.Outcome(tables.ACTION_RESUME, "resumed"))
    monkeypatch.setattr(tables, "RESUME_TRANSITIONS",
                        tuple(halted if row.category == "halted" else row for row in tables.RESUME_TRANSITIONS))
    assert ("halt", "copying", "resume", True) in render_transitions.diagram_edges()
    assert render_transitions.render_svg() != before


def test_awx_credential_type_injects_exactly_the_modules_environment_fallbacks():
    credential_type = yaml.safe_load((ROOT / "extensions" / "awx" / "credential_type_eternus.yml").read_text())
    injected = credential_type["injectors"]["env"]
    fallbacks = {option["fallback"][1][0]: name for name, option in CONNECTION_ARGSPEC.items()}
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    # timeout is a tuning knob of the job template, not part of the credential
    assert set(injected) == set(fallbacks) - {"ETERNUS_TIMEOUT"}
    for variable, template in injected.items():
        assert template == "{{ %s }}" % fallbacks[variable]
        assert fallbacks[variable] in fields
    assert fields["password"]["secret"] is True
    assert not any(variable.startswith("ANSIBLE_") for variable in injected)
