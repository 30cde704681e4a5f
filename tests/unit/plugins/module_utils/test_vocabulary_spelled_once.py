# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The array's words are spelled in one module: plugins/module_utils/_rec/vocabulary.py.

Python files are read as tokens: every string literal outside documentation (docstrings, DOCUMENTATION, EXAMPLES,
RETURN, the doc fragments) counts. Role files count a quoted word, the way a comparison in a task or template spells it.
"""

from __future__ import annotations

import ast
import io
import pathlib
import re
import tokenize

import pytest

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary

ROOT = pathlib.Path(__file__).resolve().parents[4]
VOCABULARY = ROOT / "plugins" / "module_utils" / "_rec" / "vocabulary.py"
WORDS = sorted({*vocabulary.STATUSES, *vocabulary.ERROR_STATUSES, *vocabulary.PHASES, *vocabulary.TRANSFER_MODES,
                vocabulary.CONCURRENT_SUSPEND_RUNNING, vocabulary.CONCURRENT_SUSPEND_SUCCEEDED, *vocabulary.JOB_TERMINAL,
                *vocabulary.ERROR_CODES})
WORD = re.compile(r"\b(%s)\b" % "|".join(WORDS))
QUOTED_WORD = re.compile(r"""(['"])(%s)\1""" % "|".join(WORDS))
DOC_NAMES = {"DOCUMENTATION", "EXAMPLES", "RETURN"}
# Python 3.12+ tokenizes an f-string as FSTRING_START, FSTRING_MIDDLE (its literal text), FSTRING_END, not one STRING.
STRING_TOKENS = {tokenize.STRING} | ({tokenize.FSTRING_MIDDLE} if hasattr(tokenize, "FSTRING_MIDDLE") else set())


def _documentation_lines(source: str) -> set[int]:
    """Lines of docstrings and of the DOCUMENTATION / EXAMPLES / RETURN blocks."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        doc_owner = isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        body = getattr(node, "body", None)
        if doc_owner and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            lines.update(range(body[0].lineno, body[0].end_lineno + 1))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) in DOC_NAMES for t in node.targets):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def spelled_words_in_python(source: str) -> list[tuple[int, str]]:
    documentation = _documentation_lines(source)
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in STRING_TOKENS and token.start[0] not in documentation:
            found.extend((token.start[0], word) for word in WORD.findall(token.string))
    return found


def spelled_words_in_role_file(text: str) -> list[tuple[int, str]]:
    return [(number, match.group(2)) for number, line in enumerate(text.splitlines(), 1)
            for match in QUOTED_WORD.finditer(line)]


def _python_files() -> list[pathlib.Path]:
    return sorted(p for p in (ROOT / "plugins").rglob("*.py") if p != VOCABULARY and p.parent.name != "doc_fragments")


def _role_files() -> list[pathlib.Path]:
    return sorted(p for part in ("tasks", "templates", "defaults", "vars", "handlers")
                  for p in (ROOT / "roles").glob("*/%s/**/*" % part) if p.is_file())


def test_the_vocabulary_module_spells_every_word():
    assert set(WORDS) <= set(WORD.findall(VOCABULARY.read_text()))


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_plugin_spells_the_arrays_words(path):
    assert spelled_words_in_python(path.read_text()) == []


@pytest.mark.parametrize("path", _role_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_role_file_spells_the_arrays_words(path):
    assert spelled_words_in_role_file(path.read_text()) == []


def test_the_checks_find_a_word():
    assert spelled_words_in_python('x = 1\nif status == "Halt":\n    pass\n') == [(2, "Halt")]
    assert spelled_words_in_python('"""Suspend in a docstring is prose."""\nDOCUMENTATION = r"""\nV(Active)\n"""\n') == []
    assert spelled_words_in_python('message = f"phase {p}: not Equivalent"\n') == [(1, "Equivalent")]
    assert spelled_words_in_role_file("that: item.status == 'Suspend'\n") == [(1, "Suspend")]
    # the array's error codes count as its words too
    assert spelled_words_in_python('if failure["error_code"] == "0108":\n    pass\n') == [(1, "0108")]
    assert spelled_words_in_python('x = "10108"\n') == []


@pytest.mark.parametrize("failure, expected", [
    ({"error_code": "0108"}, True), ({"error_code": 108}, True), ({"error_code": "0033"}, True), ({"error_code": 33}, True),
    ({"error_code": "0199"}, False), ({"error_code": None}, False), ({"error_code": True}, False), ({}, False), (None, False),
    ({"error_code": "10108"}, False)])
def test_the_refusals_that_say_another_request_suspended_the_session_are_told_by_their_error_code(failure, expected):
    assert vocabulary.refused_as_suspended_by_another_request(failure) is expected
