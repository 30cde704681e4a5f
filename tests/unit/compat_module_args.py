# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``patch_module_args`` on every supported ansible-core: its own from 2.19, an equivalent before.

ansible-core 2.19 added ``ansible.module_utils.testing.patch_module_args``. Older versions read the module args from
``ansible.module_utils.basic._ANSIBLE_ARGS`` the same way (JSON bytes of ``{"ANSIBLE_MODULE_ARGS": args}``) but have
neither the helper nor the ``_ANSIBLE_PROFILE`` it also sets; the fallback patches just the args.
"""

from __future__ import annotations

import contextlib
import json
from unittest import mock

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    from ansible.module_utils import basic as _basic

    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Expose the given module args to ``AnsibleModule`` instances created within this context."""
        if not isinstance(args, (dict, type(None))):
            raise TypeError("The `args` arg must be a dict or None.")
        encoded = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
        with mock.patch.object(_basic, "_ANSIBLE_ARGS", encoded):
            yield

__all__ = ["patch_module_args"]
