"""Put the offline pip bootstrap stand-in where ansible-test looks before downloading.

The file name carries the pip version ansible-test pins (get_venv_packages); it is read
from the installed ansible-test so an upgrade of ansible-core keeps working: run it with the
interpreter of the ansible-core in question (every cell of the version matrix does, with its own).
ansible-test looks in ~/.ansible/test/cache of its HOME; the Makefile runs ansible-test and this
script with HOME=build/ansible-test-home, so the user's home is left alone.
"""

import os
import re
import shutil
import sys

import ansible_test


def pinned_pip_version() -> str:
    source = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    with open(source, encoding="utf-8") as handle:
        match = re.search(r"pip='([0-9.]+)'", handle.read())
    if not match:
        sys.exit("cannot find the pip version pinned by ansible-test in %s" % source)
    return match.group(1)


def main() -> None:
    version = pinned_pip_version()
    target = os.path.expanduser("~/.ansible/test/cache/get_pip_%s.py" % version.replace(".", "_"))
    if os.path.exists(target):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # Copied under another name and renamed: an ansible-test already running (make test runs parts side by side) never
    # reads a half-written file.
    partial = "%s.%d.partial" % (target, os.getpid())
    shutil.copyfile(os.path.join(os.path.dirname(os.path.abspath(__file__)), "get_pip_standin.py"), partial)
    os.replace(partial, target)
    print("installed the offline pip bootstrap stand-in for ansible-test at %s" % target)


if __name__ == "__main__":
    main()
