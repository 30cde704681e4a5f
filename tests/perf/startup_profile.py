# -*- coding: utf-8 -*-
# Copyright (c) 2026, fujitsu.eternus contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a module run costs before it does anything: imports, payload size, time to its first request.

Every figure comes from the AnsiballZ payload Ansible would send (ansiballz.py), run with the controller's Python:
the module_utils come out of the payload's zip as Ansible runs them (compiled on every run: the zip holds no .pyc).
(a) `python -X importtime` of a rec_session_info run against the simulator: the slowest imports by cumulative
time, and the import time by origin (the collection, ansible-core, requests and its dependencies, the rest).
(b) The payload of each module: its size and the files in its zip.
(c) Start-up: the median over several runs of the time from starting the process to its first request (its login,
as the simulator logged it) and to the end of a run refused on bad input (fail_json before any request).
"""

from __future__ import annotations

import base64
import io
import re
import statistics
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator_control import BULK_SCENARIO, Simulator, clean_environment, port_offset, running_simulator, state_dir

from .ansiballz import build_payload, module_args
from .measured import run_measured

MODULES_DIR = Path(__file__).resolve().parents[2] / "plugins" / "modules"
IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")
ORIGINS = (
    ("the collection (fujitsu.eternus)", ("ansible_collections",)),
    ("ansible-core module_utils", ("ansible",)),
    ("requests and its dependencies", ("requests", "urllib3", "charset_normalizer", "chardet", "idna", "certifi")),
)
OTHER_ORIGIN = "standard library and the rest"
PORT_OFFSET = 550


@dataclass
class ImportLine:
    name: str
    self_us: int
    cumulative_us: int
    depth: int


def parse_importtime(stderr: str) -> list[ImportLine]:
    lines = []
    for line in stderr.splitlines():
        found = IMPORTTIME.match(line)
        if found:
            lines.append(ImportLine(found.group(4), int(found.group(1)), int(found.group(2)), len(found.group(3)) // 2))
    return lines


def origin(name: str) -> str:
    top = name.split(".", 1)[0]
    return next((label for label, tops in ORIGINS if top in tops), OTHER_ORIGIN)


def by_origin(lines: list[ImportLine]) -> dict[str, float]:
    """Seconds of import time (each module's own) per origin."""
    totals: dict[str, float] = {}
    for line in lines:
        totals[origin(line.name)] = totals.get(origin(line.name), 0.0) + line.self_us / 1e6
    return totals


def payload_files(payload: Path) -> list[str]:
    """The files in the payload's zip (the wrapper holds it base64-encoded as zip_data='...')."""
    found = re.search(rb"zip_data='([A-Za-z0-9+/=]+)'", payload.read_bytes())
    if not found:
        return []
    return zipfile.ZipFile(io.BytesIO(base64.b64decode(found.group(1)))).namelist()


def module_names() -> list[str]:
    return sorted(path.stem for path in MODULES_DIR.glob("*.py") if not path.name.startswith("_"))


def run_payload(payload: Path, work_dir: Path, *extra: str):
    return run_measured([sys.executable, *extra, str(payload)], env=clean_environment(), cwd=work_dir, output_dir=work_dir)


def first_request_seconds(sim: Simulator, payload: Path, work_dir: Path) -> float:
    sim.admin("site-a", "DELETE", "/counters")
    measured = run_payload(payload, work_dir)
    log = sim.counters("site-a")["log"]
    if measured.returncode != 0 or not log:
        raise SystemExit("the start-up run failed:\n%s\n%s" % (measured.stdout[-2000:], measured.stderr[-2000:]))
    return log[0]["received"] - measured.started


def profile(work_dir: Path, runs: int = 7, top: int = 15, name: str = "startup-profile") -> dict[str, Any]:
    """The profile, with a simulator of its own (state in build/simulators/name)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name in module_names():
        payload = build_payload("fujitsu.eternus." + name, module_args({}, work_dir), work_dir / ("AnsiballZ_%s.py" % name), work_dir)
        files = payload_files(payload)
        sizes[name] = {"bytes": payload.stat().st_size, "files": len(files),
                       "collection_files": len([f for f in files if f.startswith("ansible_collections/")])}
    refused = work_dir / "AnsiballZ_rec_session_suspend.py"
    with running_simulator(state_dir(name), BULK_SCENARIO, port_offset(PORT_OFFSET)) as sim:
        info_args = module_args({**sim.connection("site-a"), "session_ids": [1]}, work_dir)
        info = build_payload("fujitsu.eternus.rec_session_info", info_args, work_dir / "AnsiballZ_info_run.py", work_dir)
        first_request_seconds(sim, info, work_dir)  # warms the file cache and the interpreter's .pyc files
        imports = run_payload(info, work_dir, "-X", "importtime")
        lines = parse_importtime(imports.stderr)
        to_first_request = [first_request_seconds(sim, info, work_dir) for _run in range(runs)]
    to_refusal = [run_payload(refused, work_dir).wall for _run in range(runs)]
    bare = [run_measured([sys.executable, "-c", "pass"], env=clean_environment(), cwd=work_dir, output_dir=work_dir).wall for _run in range(runs)]
    slowest = sorted(lines, key=lambda line: line.cumulative_us, reverse=True)[:top]
    return {
        "runs": runs,
        "payload_sizes": sizes,
        "imports_total": sum(line.self_us for line in lines) / 1e6,
        "imports_by_origin": by_origin(lines),
        "slowest_imports": [{"name": line.name, "cumulative": line.cumulative_us / 1e6, "self": line.self_us / 1e6, "depth": line.depth}
                            for line in slowest],
        "to_first_request": statistics.median(to_first_request),
        "to_refusal": statistics.median(to_refusal),
        "python_alone": statistics.median(bare),
    }


def markdown(result: dict[str, Any]) -> str:
    lines = ["Module start-up (the AnsiballZ payload run with the controller's Python, as Ansible's local connection runs it):", "",
             "| measure | seconds (median of %d) |" % result["runs"], "|---|---:|",
             "| start to first request (rec_session_info's login) | %.3f |" % result["to_first_request"],
             "| start to exit, refused on bad input (rec_session_suspend without options) | %.3f |" % result["to_refusal"],
             "| python -c pass (the interpreter alone) | %.3f |" % result["python_alone"], "",
             "Import time of a rec_session_info run (python -X importtime; %.3f s in all, each module's own time):" % result["imports_total"], "",
             "| origin | seconds |", "|---|---:|"]
    lines += ["| %s | %.3f |" % (name, seconds) for name, seconds in sorted(result["imports_by_origin"].items(), key=lambda item: -item[1])]
    lines += ["", "Slowest imports by cumulative time (depth: 0 is imported by the module or the payload's loader, 1 by those, ...):", "",
              "| import | depth | cumulative s | own s |", "|---|---:|---:|---:|"]
    lines += ["| %s | %d | %.3f | %.3f |" % (item["name"], item["depth"], item["cumulative"], item["self"]) for item in result["slowest_imports"]]
    lines += ["", "AnsiballZ payload per module:", "", "| module | payload bytes | files in the zip | of them the collection's |", "|---|---:|---:|---:|"]
    lines += ["| %s | %d | %d | %d |" % (name, size["bytes"], size["files"], size["collection_files"]) for name, size in result["payload_sizes"].items()]
    return "\n".join(lines) + "\n"
