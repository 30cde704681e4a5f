# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The steps of one scenario, each run once and in order, so a test of a later step finds the earlier ones done."""

from __future__ import annotations

from typing import Callable


class PlaybookSteps:
    def __init__(self, names: list[str], run: Callable[[str], str]) -> None:
        self._names = names
        self._run = run
        self._outputs: dict[str, str] = {}

    def output(self, name: str) -> str:
        """ansible-playbook's output of step name, after running every step up to it not run yet."""
        for step in self._names[:self._names.index(name) + 1]:
            if step not in self._outputs:
                self._outputs[step] = self._run(step)
        return self._outputs[name]
