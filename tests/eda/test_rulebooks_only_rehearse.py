# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No rulebook of the collection can force a failover: read statically, without ansible-rulebook.

Every action that runs something runs the rehearsal - the playbook fujitsu.eternus.rec_failover_rehearsal
(playbooks/rec_failover_rehearsal.yml, which runs the failover with ansible-playbook --check itself, whatever the job
type of an AWX template that runs it) or the job template "REC failover rehearsal" that runs that playbook - and no
rulebook passes rec_failover_force_reason, a failover mode or any other force option: the rehearsal sets its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
RULEBOOKS = sorted((REPO_ROOT / "extensions" / "eda" / "rulebooks").glob("*.yml"))
REHEARSAL_PLAYBOOK = REPO_ROOT / "playbooks" / "rec_failover_rehearsal.yml"
GUIDE = REPO_ROOT / "docs" / "docsite" / "rst" / "detect_and_respond.rst"
# Actions that run something; anything else a rule does (debug, print_event, post_event, set_fact...) runs nothing.
RUN_ACTIONS = {"run_playbook", "run_job_template", "run_workflow_template", "run_module"}
REHEARSAL_NAMES = {
    "run_playbook": {"fujitsu.eternus.rec_failover_rehearsal"},
    "run_job_template": {"REC failover rehearsal", "{{ eternus_rehearsal_job_template | default('REC failover rehearsal') }}"},
}
# What a rulebook may pass to the rehearsal: the sessions, the array, the peer, where the report goes.
REHEARSAL_VARIABLES = {"rec_failover_hosts", "rec_failover_session_ids", "rec_failover_peer_boxid", "rec_failover_report_dir"}
FORCE = re.compile(r"force|rec_failover_mode|check_mode|ansible_check_mode|job_type", re.I)


def actions(rulebook: Path) -> Iterator[tuple[str, str, Any]]:
    """(rule, action name, its arguments) for every action of every rule of every ruleset."""
    for ruleset in yaml.safe_load(rulebook.read_text()):
        for rule in ruleset["rules"]:
            for action in rule.get("actions") or [rule["action"]]:
                ((name, arguments),) = action.items()
                yield rule["name"], name, arguments


def walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every key (as a dotted path) and every leaf value of a nested structure."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield "%s.%s" % (path, key) if path else str(key), key
            yield from walk(item, "%s.%s" % (path, key) if path else str(key))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from walk(item, "%s[%d]" % (path, number))
    else:
        yield path, value


def test_there_are_rulebooks_to_check():
    assert [p.name for p in RULEBOOKS] == ["rec_copy_path_watch.yml", "rec_copy_path_watch_controller.yml"]


@pytest.mark.parametrize("rulebook", RULEBOOKS, ids=lambda p: p.name)
def test_no_rulebook_passes_a_force_option_anywhere(rulebook):
    for rule, name, arguments in actions(rulebook):
        if name not in RUN_ACTIONS:
            continue
        offending = [(where, value) for where, value in walk(arguments) if FORCE.search(str(value)) or FORCE.search(where)]
        assert offending == [], "%s, rule %r, %s passes a force option: %s" % (rulebook.name, rule, name, offending)
    assert "rec_failover_force_reason" not in rulebook.read_text().split("\n- name:", 1)[1], \
        "%s names rec_failover_force_reason outside its header comment" % rulebook.name


@pytest.mark.parametrize("rulebook", RULEBOOKS, ids=lambda p: p.name)
def test_every_action_that_runs_something_runs_the_rehearsal_with_only_the_rehearsals_variables(rulebook):
    ran = []
    for rule, name, arguments in actions(rulebook):
        if name not in RUN_ACTIONS:
            continue
        assert name in REHEARSAL_NAMES, "%s, rule %r: %s runs something other than the rehearsal" % (rulebook.name, rule, name)
        assert arguments["name"] in REHEARSAL_NAMES[name], "%s, rule %r: %s %r is not the rehearsal" % (
            rulebook.name, rule, name, arguments["name"])
        extra_vars = arguments.get("extra_vars") if name == "run_playbook" else (arguments.get("job_args") or {}).get("extra_vars")
        assert set(extra_vars) <= REHEARSAL_VARIABLES, "%s, rule %r passes %s" % (rulebook.name, rule, sorted(set(extra_vars) - REHEARSAL_VARIABLES))
        assert "rec_failover_session_ids" in extra_vars and "halted_ids" in extra_vars["rec_failover_session_ids"]
        assert rule.startswith("Copy path lost")
        ran.append(name)
    assert ran, "%s runs no rehearsal" % rulebook.name


def test_the_rehearsal_playbook_adds_check_itself_and_runs_only_the_failover():
    (play,) = yaml.safe_load(REHEARSAL_PLAYBOOK.read_text())
    commands = [task for task in play["tasks"] if "ansible.builtin.command" in task]
    assert len(commands) == 1 and not any(k in task for task in play["tasks"] for k in ("ansible.builtin.shell", "ansible.builtin.raw"))
    argv = commands[0]["ansible.builtin.command"]["argv"]
    assert "['ansible-playbook', '--check', '--limit', inventory_hostname]" in argv
    assert argv.rstrip().endswith("'fujitsu.eternus.rec_failover'] }}")
    # Its own vars make the failover unplanned; nothing from the rulebook can turn the check off.
    assert play["vars"]["rec_failover_rehearsal_vars"]["rec_failover_mode"] == "unplanned"


def test_the_guide_sets_the_awx_template_up_with_the_rehearsal_playbook():
    text = GUIDE.read_text()
    template = text[text.index("**Job template \"REC failover rehearsal\"**"):]
    template = template[:template.index("\n4. ")]
    assert "*Playbook*: ``playbooks/rec_failover_rehearsal.yml`` - **not** ``playbooks/rec_failover.yml``" in template
    assert "rec_failover_force_reason:" not in template and "rec_failover_mode:" not in template
