"""Dialect presets (tests/simulator/scenarios/dialects/NAME.yml): apply one to a running simulator, or merge it
into a scenario file so that it survives /admin/reset.

    python -m simulator_control.dialects STATE_DIR NAME    # the simulator of STATE_DIR speaks NAME until reset
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

from .paths import DEFAULT_SCENARIO, SIMULATOR_ROOT
from .scenario import load_scenario, write_scenario
from .simulator import Simulator

DIALECTS_DIR = SIMULATOR_ROOT / "scenarios" / "dialects"


def dialect_names() -> list[str]:
    return sorted(path.stem for path in DIALECTS_DIR.glob("*.yml"))


def load_dialect(name: str) -> dict[str, Any]:
    path = DIALECTS_DIR / f"{name}.yml"
    if not path.is_file():
        raise ValueError("no dialect preset %r (known: %s)" % (name, ", ".join(dialect_names())))
    return yaml.safe_load(path.read_text()) or {}


def _mapping(dialect: str | dict[str, Any]) -> dict[str, Any]:
    return load_dialect(dialect) if isinstance(dialect, str) else dialect


def apply_dialect(sim: Simulator, dialect: str | dict[str, Any]) -> dict[str, Any]:
    """Every array of sim speaks dialect (a preset name or a mapping) until /admin/reset; the first array's answer."""
    return sim.set_dialect(_mapping(dialect))


def with_dialect(scenario: dict[str, Any], dialect: str | dict[str, Any]) -> dict[str, Any]:
    """A copy of scenario whose `dialect:` has dialect's keys on top (per-array keys merged array by array)."""
    extra = _mapping(dialect)
    own = dict(scenario.get("dialect") or {})
    arrays = {name: dict(keys) for name, keys in (own.get("arrays") or {}).items()}
    for name, keys in (extra.get("arrays") or {}).items():
        arrays.setdefault(name, {}).update(keys)
    merged = {**own, **{k: v for k, v in extra.items() if k != "arrays"}}
    if arrays:
        merged["arrays"] = arrays
    return {**scenario, "dialect": merged}


def write_scenario_with_dialect(dialect: str | dict[str, Any], path: Path, scenario: Path = DEFAULT_SCENARIO) -> Path:
    """scenario with dialect merged in, written to path (reset restores that dialect)."""
    return write_scenario(with_dialect(load_scenario(scenario), dialect), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="simulator_control.dialects", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("state_dir", type=Path, help="the running simulator's state directory (simulator.json)")
    parser.add_argument("name", choices=dialect_names())
    args = parser.parse_args(argv)
    print(json.dumps(apply_dialect(Simulator(args.state_dir, DEFAULT_SCENARIO), args.name)["applied"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
