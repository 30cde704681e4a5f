"""Read a scenario YAML file into settings, users and arrays with their copy sessions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .dialect_book import Mapping, merge, parse_mapping
from .model import Array, CopyPair, Endpoint, Identity, User, Volume
from .settings import Settings

REC_DEFAULTS: dict[str, Any] = {
    "status": "Active",
    "phase": "Equivalent",
    "transfer_mode": "Synchronous",
    "split_mode": "Automatic",
    "recovery_mode": "Automatic",
}
STATE_KEYS: tuple[str, ...] = (
    "status",
    "phase",
    "transfer_mode",
    "split_mode",
    "recovery_mode",
    "total_data_size",
    "uncopied_data_size",
    "tracking_data_size",
    "destination_tracking_data_size",
    "progress",
    "error_code",
    "copy_range",
    "requestor",
    "backup_time",
    "error_ocurrence_time",
    "concurrent_suspend_result",
)


# Changes recorded while a pair is split: on the source volume, on the destination volume.
TRACKING_KEYS = ("tracking_data_size", "destination_tracking_data_size")
# GET /api/v1/storagesystem: optional keys of an array in the scenario, and their defaults (serial number and WWN
# are derived from the Box ID so that every array differs).
DEFAULT_MODEL_NAME = "ETERNUS DX500 S5"
DEFAULT_FIRMWARE_VERSION = "V11L50-0000"
IDENTITY_KEYS = ("storage_system_name", "model_name", "serial_number", "wwn", "firmware_version")


class ScenarioError(ValueError):
    pass


@dataclass
class Scenario:
    settings: Settings
    users: dict[str, User]
    arrays: dict[str, Array]
    dialect: Mapping


def read_scenario(path: str | Path) -> dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: the scenario must be a mapping")
    return data


def build_scenario(data: dict[str, Any], loaded_at: float) -> Scenario:
    settings = Settings()
    try:
        settings.update(data.get("settings") or {})
    except ValueError as exc:
        raise ScenarioError(str(exc)) from exc
    users = {u.name: u for u in (_user(item) for item in data.get("users") or [])}
    if not users:
        raise ScenarioError("the scenario needs at least one user")
    arrays = {a.name: a for a in (_array(item) for item in data.get("arrays") or [])}
    if not arrays:
        raise ScenarioError("the scenario needs at least one array")
    dialect = _dialect(data, arrays)
    for item in data.get("rec_pairs") or []:
        _add_rec_pair(arrays, item, loaded_at)
    for item in data.get("local_sessions") or []:
        _add_local_session(arrays, item, loaded_at)
    for item in data.get("generate") or []:
        _generate(arrays, item, loaded_at)
    return Scenario(settings=settings, users=users, arrays=arrays, dialect=dialect)


def _dialect(data: dict[str, Any], arrays: dict[str, Array]) -> Mapping:
    """The scenario's `dialect:` mapping, with each array's own `dialect:` keys on top."""
    own = {str(a["name"]): a["dialect"] for a in data.get("arrays") or [] if a.get("dialect")}
    try:
        return merge(parse_mapping(data.get("dialect"), arrays),
                     parse_mapping({"arrays": own}, arrays, "arrays[].dialect"))
    except ValueError as exc:
        raise ScenarioError(str(exc)) from exc


def _user(item: dict[str, Any]) -> User:
    try:
        name, password = str(item["name"]), str(item["password"])
    except KeyError as exc:
        raise ScenarioError(f"user {item!r} lacks {exc}") from exc
    tenant = item.get("tenant")
    roles = list(item.get("roles") or (["Tenant"] if tenant else ["Admin"]))
    return User(name=name, password=password, tenant=tenant, roles=roles)


def _array(item: dict[str, Any]) -> Array:
    boxid = str(item.get("boxid", ""))
    if len(boxid) != 40:
        raise ScenarioError(f"array {item.get('name')!r}: boxid must be 40 characters")
    array = Array(name=str(item["name"]), boxid=boxid, port=int(item.get("port", 0)))
    _identity(array, item)
    for vol in item.get("volumes") or []:
        volume = Volume(number=int(vol["number"]), name=str(vol["name"]), tenant=vol.get("tenant"))
        if volume.number in array.volumes:
            raise ScenarioError(f"array {array.name}: volume {volume.number} defined twice")
        array.volumes[volume.number] = volume
    return array


def _identity(array: Array, item: dict[str, Any]) -> None:
    for key in IDENTITY_KEYS:
        if key in item and (not isinstance(item[key], str) or not item[key]):
            raise ScenarioError(f"array {array.name}: {key} must be a non-empty string, not {item[key]!r}")
    digest = hashlib.sha256(array.boxid.encode()).hexdigest().upper()
    array.system_name = str(item.get("storage_system_name", array.name))
    array.identity = Identity(
        model_name=str(item.get("model_name", DEFAULT_MODEL_NAME)),
        serial_number=str(item.get("serial_number", str(int(digest[:12], 16) % 10**10).zfill(10))),
        wwn=str(item.get("wwn", "500000E0D" + digest[:7])),
        firmware_version=str(item.get("firmware_version", DEFAULT_FIRMWARE_VERSION)),
    )


def _volume(arrays: dict[str, Array], name: Any, number: Any) -> Endpoint:
    if name not in arrays:
        raise ScenarioError(f"unknown array {name!r}")
    volume = arrays[name].volumes.get(int(number))
    if volume is None:
        raise ScenarioError(f"array {name}: unknown volume {number!r}")
    return Endpoint(array=name, volume=volume)


def _endpoint(arrays: dict[str, Array], spec: dict[str, Any]) -> tuple[Endpoint, int]:
    endpoint = _volume(arrays, spec.get("array"), spec["volume"])
    array = arrays[endpoint.array]
    name = array.name
    session_id = int(spec["id"])
    if session_id in array.sessions:
        raise ScenarioError(f"array {name}: copy session id {session_id} used twice")
    return endpoint, session_id


def _state(item: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    state = dict(defaults)
    state.update({k: item[k] for k in STATE_KEYS if k in item})
    total = int(state.get("total_data_size", 1024))
    state["total_data_size"] = total
    state.setdefault("uncopied_data_size", 0)
    for key in TRACKING_KEYS:
        value = state.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ScenarioError(f"{key} must be a non-negative integer, not {value!r}")
    if "progress" not in state:
        done = total - int(state["uncopied_data_size"])
        state["progress"] = 100 if total <= 0 else int(100 * done / total)
    return state


def _register(arrays: dict[str, Array], pair: CopyPair) -> None:
    for name, session_id in pair.local_ids.items():
        arrays[name].sessions[session_id] = pair


def _add_rec_pair(arrays: dict[str, Array], item: dict[str, Any], loaded_at: float) -> None:
    source, source_id = _endpoint(arrays, item["source"])
    destination, destination_id = _endpoint(arrays, item["destination"])
    if source.array == destination.array:
        raise ScenarioError(f"REC pair {item!r} must join two arrays")
    pair = CopyPair(
        type="REC",
        source=source,
        destination=destination,
        local_ids={source.array: source_id, destination.array: destination_id},
        elapsed_base=float(item.get("elapsed_time", 3600)),
        loaded_at=loaded_at,
        **_state(item, REC_DEFAULTS),
    )
    _register(arrays, pair)


def _add_local_session(arrays: dict[str, Array], item: dict[str, Any], loaded_at: float) -> None:
    copy_type = str(item.get("type", "OPC"))
    if copy_type == "REC":
        raise ScenarioError("REC sessions belong in rec_pairs")
    name = item.get("array")
    source, session_id = _endpoint(
        arrays, {"array": name, "volume": item["source_volume"], "id": item["id"]}
    )
    destination = _volume(arrays, name, item["destination_volume"])
    pair = CopyPair(
        type=copy_type,
        source=source,
        destination=destination,
        local_ids={str(name): session_id},
        elapsed_base=float(item.get("elapsed_time", 3600)),
        loaded_at=loaded_at,
        **_state(item, {"status": "Active", "phase": "Copying"}),
    )
    _register(arrays, pair)


def _generate(arrays: dict[str, Array], item: dict[str, Any], loaded_at: float) -> None:
    """Bulk REC pairs (benchmarks): new volumes <prefix>_0001... on both arrays."""
    source_name, destination_name = item.get("source"), item.get("destination")
    for name in (source_name, destination_name):
        if name not in arrays:
            raise ScenarioError(f"generate: unknown array {name!r}")
    source_array, destination_array = arrays[str(source_name)], arrays[str(destination_name)]
    count = int(item["count"])
    prefix = str(item.get("name_prefix", "bulk"))
    first_id = {
        a.name: int(item.get(f"first_id_{role}", max(a.sessions, default=0) + 1))
        for role, a in (("source", source_array), ("destination", destination_array))
    }
    first_volume = {
        a.name: max(a.volumes, default=0) + 1 for a in (source_array, destination_array)
    }
    pattern = {k: item[k] for k in STATE_KEYS if k in item}
    for index in range(count):
        volume_name = f"{prefix}_{index + 1:04d}"
        spec: dict[str, dict[str, Any]] = {}
        for role, array in (("source", source_array), ("destination", destination_array)):
            number = first_volume[array.name] + index
            array.volumes[number] = Volume(number=number, name=volume_name, tenant=item.get("tenant"))
            spec[role] = {"array": array.name, "volume": number, "id": first_id[array.name] + index}
        _add_rec_pair(arrays, {**pattern, **spec}, loaded_at)
