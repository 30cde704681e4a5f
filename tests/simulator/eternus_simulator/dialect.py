"""Dialects: the plausible ways a real array may answer where eternus-rest-api.md §7 has a [choice].

The default Dialect answers exactly as the simulator always did. The internal model keeps its own
words; a dialect only changes how answers are rendered and how list parameters are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# The simulator's own words per rendered field, which word mappings may translate.
INTERNAL_WORDS: dict[str, tuple[str, ...]] = {
    "status": ("Active", "Reserved", "Suspend", "Halt", "Error", "Error_Suspend"),
    "phase": ("Copying", "Equivalent", "Tracking", "Copying_and_Tracking", "Readying"),
    "transfer_mode": ("Synchronous", "Consistency", "Stack", "Through"),
    "suspend_result": ("Running", "Succeeded", "Failed"),
}
CASES = ("as_is", "lower", "upper")
CHOICES: dict[str, tuple[str, ...]] = {
    "finishing_result": ("shown", "null", "absent"),
    "remain_time": ("shown", "null", "absent"),
    "failed_item_shape": ("href", "id", "nested", "anonymous"),
    "next_href": ("relative", "absolute"),
    "copysession_id_filter": ("honoured", "ignored"),
    "encoded_comma": ("separator", "refused"),
    "repeated_params": ("last", "merged"),
    # GET /api/v1/storagesystem: the whole record; "boxid" absent (also when asked for with fields=); absent and
    # unknown to fields= (400); ""; null; the route missing (404, older firmware); refused (403).
    "storagesystem": ("full", "no_boxid", "boxid_unknown", "empty_boxid", "null_boxid", "absent", "forbidden"),
    # tracking_data_size of a REC session: the changes recorded on this array's own volume; the source's plus the
    # destination's on both arrays; the field left out; null.
    "tracking_data_size_view": ("local", "sum", "missing", "null"),
}
NULLABLE_CHOICES = ("finishing_result", "remain_time", "tracking_data_size_view")
CAP_STATUSES = (400, 413)


@dataclass
class Dialect:
    status_words: dict[str, str] = field(default_factory=dict)
    phase_words: dict[str, str] = field(default_factory=dict)
    transfer_mode_words: dict[str, str] = field(default_factory=dict)
    suspend_result_words: dict[str, str] = field(default_factory=dict)
    status_case: str = "as_is"
    phase_case: str = "as_is"
    transfer_mode_case: str = "as_is"
    suspend_result_case: str = "as_is"
    finishing_result: str = "shown"
    remain_time: str = "shown"
    failed_item_shape: str = "href"
    id_list_cap: int | None = None
    id_list_cap_status: int = 400
    next_href: str = "relative"
    copysession_id_filter: str = "honoured"
    encoded_comma: str = "separator"
    repeated_params: str = "last"
    storagesystem: str = "full"
    tracking_data_size_view: str = "local"

    def word(self, kind: str, internal: Any) -> Any:
        """How the array shows one of the simulator's words (None stays None)."""
        if not isinstance(internal, str):
            return internal
        shown = getattr(self, f"{kind}_words").get(internal, internal)
        case = getattr(self, f"{kind}_case")
        return shown.lower() if case == "lower" else shown.upper() if case == "upper" else shown

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


KEYS = tuple(f.name for f in fields(Dialect))


def _check_words(key: str, value: Any) -> list[str]:
    kind = key[: -len("_words")]
    if not isinstance(value, dict):
        return [f"{key!r} must be a mapping of the simulator's word to the array's word"]
    problems = [f"{key}: unknown word {k!r} (known: {', '.join(INTERNAL_WORDS[kind])})"
                for k in value if k not in INTERNAL_WORDS[kind]]
    problems += [f"{key}.{k}: {v!r} is not a non-empty string" for k, v in value.items()
                 if not isinstance(v, str) or not v]
    return problems


def _check(key: str, value: Any) -> list[str]:
    if key.endswith("_words"):
        return _check_words(key, value)
    if key.endswith("_case"):
        return [] if value in CASES else [f"{key}: {value!r} is not one of {', '.join(CASES)}"]
    if key == "id_list_cap":
        ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1)
        return [] if ok else [f"id_list_cap: {value!r} is not null or a positive integer"]
    if key == "id_list_cap_status":
        return [] if value in CAP_STATUSES and not isinstance(value, bool) else [
            f"id_list_cap_status: {value!r} is not one of {', '.join(map(str, CAP_STATUSES))}"]
    allowed = CHOICES[key]
    return [] if value in allowed else [f"{key}: {value!r} is not one of {', '.join(allowed)}"]


def check_settings(values: Any, where: str = "dialect") -> dict[str, Any]:
    """values checked as dialect keys; raise ValueError naming every unknown key and bad value."""
    if not isinstance(values, dict):
        raise ValueError(f"{where} must be a mapping")
    # YAML's bare null is the natural way to write the "null" choice.
    values = {k: "null" if v is None and k in NULLABLE_CHOICES else v for k, v in values.items()}
    problems = [f"unknown key {k!r}" for k in values if k not in KEYS]
    for key, value in values.items():
        if key in KEYS:
            problems += _check(key, value)
    if problems:
        raise ValueError(f"{where}: " + "; ".join(problems))
    return values


def build(*layers: dict[str, Any]) -> Dialect:
    """The default Dialect with each layer's keys on top (later layers win, key by key)."""
    dialect = Dialect()
    for layer in layers:
        for key, value in layer.items():
            setattr(dialect, key, dict(value) if isinstance(value, dict) else value)
    return dialect
