"""Write a Sphinx intersphinx inventory (objects.inv, version 2) for the docs.ansible.com labels our pages use.

The pages antsibull-docs generates refer to a few labels of the Ansible documentation (``:ref:`` targets).
Sphinx resolves them through intersphinx, which downloads docs.ansible.com's objects.inv; this small inventory
lets `make docs` build strictly (-W) without network access while the links still point to docs.ansible.com.
When antsibull-docs starts using another label, the strict build names it as undefined: add it here.

Usage: docs_intersphinx_inventory.py OUTPUT
"""

import sys
import zlib

# label -> (page and anchor under https://docs.ansible.com/projects/ansible/devel/, title)
LABELS = {
    "ansible_configuration_settings": ("reference_appendices/config.html#ansible-configuration-settings",
                                       "Ansible Configuration Settings"),
    "common_return_values": ("reference_appendices/common_return_values.html#common-return-values", "Return Values"),
}


def inventory() -> bytes:
    header = (b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
              b"# The remainder of this file is compressed using zlib.\n")
    lines = "".join("%s std:label -1 %s %s\n" % (label, uri, title) for label, (uri, title) in sorted(LABELS.items()))
    return header + zlib.compress(lines.encode("utf-8"))


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], "wb") as handle:
        handle.write(inventory())


if __name__ == "__main__":
    main()
