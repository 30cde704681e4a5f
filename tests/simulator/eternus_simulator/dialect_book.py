"""Which dialect each array speaks: a mapping of dialect keys for every array, plus per-array keys.

The mapping format is the same everywhere (a scenario's `dialect:`, a preset file in
scenarios/dialects/, the body of PUT /admin/dialect):
    {<dialect key>: <value>, ..., "arrays": {"site-b": {<dialect key>: <value>, ...}}}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

import yaml

from .dialect import Dialect, build, check_settings

PRESETS_DIR = Path(__file__).resolve().parents[1] / "scenarios" / "dialects"
# A preset name or dialect file every simulator started from this environment speaks (test matrix).
ENV_VAR = "SIM_DIALECT"

Mapping = tuple[dict[str, Any], dict[str, dict[str, Any]]]


def parse_mapping(body: Any, array_names: Iterable[str], where: str = "dialect") -> Mapping:
    """(keys for every array, keys per array); ValueError naming every unknown key, array or bad value."""
    if body is None:
        return {}, {}
    if not isinstance(body, dict):
        raise ValueError(f"{where} must be a mapping")
    names = set(array_names)
    per_array = body.get("arrays") or {}
    if not isinstance(per_array, dict):
        raise ValueError(f"{where}.arrays must be a mapping of array name to dialect keys")
    unknown = sorted(str(n) for n in per_array if n not in names)
    if unknown:
        raise ValueError(f"{where}.arrays: unknown array(s) {', '.join(unknown)}")
    common = check_settings({k: v for k, v in body.items() if k != "arrays"}, where)
    arrays = {str(n): check_settings(v or {}, f"{where}.arrays.{n}") for n, v in per_array.items()}
    return common, arrays


def merge(*mappings: Mapping) -> Mapping:
    common: dict[str, Any] = {}
    arrays: dict[str, dict[str, Any]] = {}
    for layer_common, layer_arrays in mappings:
        common.update(layer_common)
        for name, keys in layer_arrays.items():
            arrays.setdefault(name, {}).update(keys)
    return common, arrays


def read_dialect(name_or_path: str | Path) -> Any:
    """A preset's mapping by name (scenarios/dialects/NAME.yml) or a dialect file by path; NAME+NAME... is the presets
    on top of each other, the later one's keys winning (make dialect-matrix runs two orthogonal presets as one)."""
    if isinstance(name_or_path, str) and "+" in name_or_path and Path(name_or_path).suffix not in (".yml", ".yaml"):
        combined: dict[str, Any] = {}
        arrays: dict[str, dict[str, Any]] = {}
        for part in name_or_path.split("+"):
            layer = dict(read_dialect(part))
            for name, keys in (layer.pop("arrays", None) or {}).items():
                arrays.setdefault(name, {}).update(keys)
            combined.update(layer)
        return {**combined, "arrays": arrays} if arrays else combined
    path = Path(name_or_path)
    if path.suffix not in (".yml", ".yaml"):
        path = PRESETS_DIR / f"{name_or_path}.yml"
    if not path.is_file():
        presets = ", ".join(sorted(p.stem for p in PRESETS_DIR.glob("*.yml")))
        raise ValueError(f"no dialect {str(name_or_path)!r} (presets: {presets})")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def environment_dialect() -> str | None:
    return os.environ.get(ENV_VAR) or None


class DialectBook:
    def __init__(self, base: Mapping) -> None:
        self.base = base
        self.current = base
        self._cache: dict[str, Dialect] = {}

    def set(self, mapping: Mapping) -> None:
        self.current = mapping
        self._cache.clear()

    def reset(self) -> None:
        self.set(self.base)

    def of(self, array: str) -> Dialect:
        if array not in self._cache:
            common, arrays = self.current
            self._cache[array] = build(common, arrays.get(array, {}))
        return self._cache[array]

    def as_dict(self, array: str) -> dict[str, Any]:
        common, arrays = self.current
        applied = {**common, "arrays": arrays} if arrays else dict(common)
        return {"applied": applied, "effective": self.of(array).as_dict()}
