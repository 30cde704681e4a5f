# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

from hypothesis import HealthCheck, settings

# CI shares two cores with simulators and ansible-test; slow input generation or a slow example
# there says nothing about the properties, which are still checked on every generated example.
settings.register_profile("eternus", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("eternus")
