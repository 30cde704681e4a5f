"""What ansible-playbook's PLAY RECAP says about each host."""

from __future__ import annotations

import re


def changed_counts(output: str, hosts: list[str]) -> dict[str, int | None]:
    """changed= of each host's PLAY RECAP line; None for a host without one."""
    counts: dict[str, int | None] = {}
    for host in hosts:
        found = re.search(r"^%s *: .*changed=(\d+)" % re.escape(host), output, re.M)
        counts[host] = int(found.group(1)) if found else None
    return counts
