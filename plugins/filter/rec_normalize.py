# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rec_normalize filter, documented in rec_normalize.yml."""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.fujitsu.eternus.plugins.module_utils._rec import vocabulary


def rec_normalize(sessions):
    if isinstance(sessions, Mapping):
        return vocabulary.normalized(sessions)
    if isinstance(sessions, (list, tuple)) and all(isinstance(session, Mapping) for session in sessions):
        return [vocabulary.normalized(session) for session in sessions]
    raise AnsibleFilterError("rec_normalize: the input must be a session (a dictionary) or a list of sessions, got %s"
                             % type(sessions).__name__)


class FilterModule:
    def filters(self):
        return {"rec_normalize": rec_normalize}
