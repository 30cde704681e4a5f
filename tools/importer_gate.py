"""galaxy-importer on the built tarball, as Galaxy and Automation Hub import it: every check on but ansible-test.

    importer_gate.py TARBALL WORK_DIR

Runs with the interpreter of the importer's virtual environment (make importer-test); its configuration file, its
temporary files, its result (importer_result.json) and the HOME of the tools it runs are in WORK_DIR. Fails unless the import succeeds with no warning
and no error, apart from the importer false positives listed in FALSE_POSITIVES (each with the reason).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

CONFIG = """[galaxy-importer]
log_level_main = INFO
run_ansible_test = False
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
run_flake8 = True
check_changelog = True
check_required_tags = True
require_v1_or_greater = True
tmp_root_dir = {tmp}
ansible_local_tmp = {tmp}
"""

# (pattern of the importer's message, why it is a false positive). Keep this list empty unless the importer is wrong.
FALSE_POSITIVES: list[tuple[str, str]] = [
    # The importer lints with flake8 every file ansible-doc names as a plugin's documentation ("filename" in
    # ansible-doc --json). A filter documented in a YAML file next to the Python file that defines it
    # (plugins/filter/<filter>.yml, the layout Ansible documents for filter and test plugins) is named by that YAML file,
    # so flake8 reads YAML as Python and reports a syntax error (E999) at its first line that does not tokenize.
    # The Python files of those filters are linted on their own (they are found again as .py files).
    (r"^WARNING: plugins/filter/[A-Za-z0-9_]+\.ya?ml:[0-9]+:[0-9]+: E999 ",
     "flake8 on a filter's YAML documentation file"),
]


def main() -> int:
    tarball, work = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    for folder in ("tmp", "home"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    config = work / "galaxy-importer.cfg"
    config.write_text(CONFIG.format(tmp=work / "tmp"))
    bin_dir = os.path.dirname(sys.executable)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "GALAXY_IMPORTER_"))}
    environment.update({"GALAXY_IMPORTER_CONFIG": str(config), "HOME": str(work / "home"), "XDG_CACHE_HOME": str(work / "home" / ".cache"),
                        "PATH": "%s:%s" % (bin_dir, environment.get("PATH", "")), "PYTHONPATH": "", "NO_COLOR": "1"})
    # cwd: the importer writes importer_result.json into its working directory.
    run = subprocess.run([sys.executable, "-m", "galaxy_importer.main", str(tarball)], env=environment, cwd=work, capture_output=True,
                         text=True, check=False)
    output = run.stdout + run.stderr
    (work / "importer.log").write_text(output)
    findings = [line for line in output.splitlines() if re.match(r"^(WARNING|ERROR|CRITICAL)\b", line)]
    accepted = [line for line in findings if any(re.match(entry[0], line) for entry in FALSE_POSITIVES)]
    offending = [line for line in findings if line not in accepted]
    for line in accepted:
        print("importer false positive (tools/importer_gate.py): %s" % line)
    for line in offending:
        print(line)
    succeeded = run.returncode == 0 and "Importer processing completed successfully" in output
    if not succeeded:
        print(output[-4000:])
    print("galaxy-importer on %s: %s, %d warning(s) or error(s), %d known false positive(s); log: %s" % (
        tarball.name, "imported" if succeeded else "FAILED", len(offending), len(accepted), work / "importer.log"))
    return 0 if succeeded and not offending else 1


if __name__ == "__main__":
    sys.exit(main())
