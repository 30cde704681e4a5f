# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The steps of one scenario, each run once and in order, so a test of a later step finds the earlier ones done."""

from __future__ import annotations

import os
from typing import Callable


def state_name(name: str) -> str:
    """The simulator state folder's name of a run: under SIM_DIALECT (make dialect-matrix) the preset is added, and
    under a SIM_PORT_OFFSET other than 0 (a version matrix cell, a run beside make test) the offset, so a run never
    shares (and wipes) the folder of the default run or of another run going on at the same time."""
    dialect = os.environ.get("SIM_DIALECT")
    offset = int(os.environ.get("SIM_PORT_OFFSET") or 0)
    name = "%s-%s" % (name, os.path.basename(dialect).split(".")[0]) if dialect else name
    return "%s-o%d" % (name, offset) if offset else name


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
