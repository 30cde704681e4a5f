"""A running simulator: each array's admin API, what the arrays logged and hold, and module runs against them."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any, Callable

from . import ansible_runs
from .connection_vars import connection_vars
from .rest_client import Client, http_session
from .scenario import ROOT_USER

SUSPEND_TEMPLATES = ("/api/v1/copysession/suspend", "/api/v1/copysession/{copysession_id}/suspend")
LOGIN_REQUESTS = ("POST /api/v1/session", "DELETE /api/v1/session/{session_id}")


class Simulator:
    """The simulator that state_dir/simulator.json describes, started with scenario."""

    def __init__(self, state_dir: Path, scenario: Path) -> None:
        self.state_dir = state_dir
        self.scenario = scenario
        self.info: dict[str, Any] = json.loads((state_dir / "simulator.json").read_text())
        self.ca_path = str(self.info["ca_path"])
        self.log_path = state_dir / "simulator.log"
        self._http = http_session(self.ca_path)

    def url(self, array: str) -> str:
        return str(self.info["arrays"][array]["url"])

    def port(self, array: str) -> int:
        return int(self.info["arrays"][array]["port"])

    # -- the admin API ----------------------------------------------------------------------------------------
    def admin(self, array: str, method: str, path: str, body: Any = None) -> Any:
        reply = self._http.request(method, self.url(array) + "/admin" + path, json=body, timeout=60)
        assert reply.status_code == 200, "%s /admin%s: %s %s" % (method, path, reply.status_code, reply.text)
        return reply.json()

    def reset(self, **settings: Any) -> None:
        """Back to the scenario as loaded (every array: they share one world), then settings."""
        self.admin(self.first_array(), "POST", "/reset")
        if settings:
            self.settings(**settings)

    def settings(self, **values: Any) -> None:
        self.admin(self.first_array(), "PUT", "/settings", values)

    def set_dialect(self, mapping: dict[str, Any]) -> dict[str, Any]:
        """Every array speaks mapping's dialect (keys as in scenarios/dialects/*.yml) until reset; {} is the default."""
        return self.admin(self.first_array(), "PUT", "/dialect", mapping)

    def dialect(self, array: str | None = None) -> dict[str, Any]:
        """{"applied": the mapping set, "effective": every dialect key of array}."""
        return self.admin(array or self.first_array(), "GET", "/dialect")

    def first_array(self) -> str:
        return next(iter(self.info["arrays"]))

    def add_fault(self, kind: str, *, method: str, path: str, count: int = 1, array: str = "site-a", **extra: Any) -> None:
        self.admin(array, "POST", "/faults", dict(kind=kind, method=method, path=path, count=count, **extra))

    def counters(self, array: str = "site-a") -> dict[str, Any]:
        return self.admin(array, "GET", "/counters")

    def sessions(self, array: str = "site-a") -> dict[int, dict[str, Any]]:
        return {s["copysession_id"]: s for s in self.admin(array, "GET", "/sessions")}

    def write(self, array: str, copysession_id: int, side: str, amount: int) -> dict[str, Any]:
        """Writes of amount to a REC pair's volume ("source", "destination" or "local": array's own), seen from array:
        recorded on that side while the pair is split (README: Recorded changes per side). The pair as the admin sees it."""
        return self.admin(array, "POST", "/copysession/%d/write" % copysession_id, {"side": side, "amount": amount})

    # -- what the arrays logged and hold ----------------------------------------------------------------------
    def requests_to(self, template: str, array: str = "site-a", method: str | None = None) -> int:
        counts = self.counters(array)["requests"]
        if method is not None:
            return int(counts.get("%s %s" % (method, template), 0))
        return sum(int(n) for key, n in counts.items() if key.split(" ", 1)[1] == template)

    def state_changing_requests(self, array: str = "site-a") -> list[str]:
        """Every request other than a read, a login or a logout: what must never happen on bad input."""
        return [key for key in self.counters(array)["requests"] if not key.startswith("GET ") and key not in LOGIN_REQUESTS]

    def suspend_posts(self, array: str = "site-a") -> list[dict[str, Any]]:
        """Suspend requests as the array logged them: path, status, dropped, body."""
        return [entry for entry in self.counters(array)["log"]
                if entry["method"] == "POST" and entry["template"] in SUSPEND_TEMPLATES]

    def statuses(self, ids: list[int], array: str = "site-a") -> dict[int, str]:
        current = self.sessions(array)
        return {i: current[i]["status"] for i in ids}

    def open_sessions(self, array: str = "site-a") -> int:
        return int(self.counters(array)["open_sessions"])

    @staticmethod
    def wait_until(condition: Callable[[], Any], what: str, timeout: float = 15) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError("timed out after %s s waiting until %s" % (timeout, what))
            time.sleep(0.02)

    # -- logins and module runs -------------------------------------------------------------------------------
    def connection(self, array: str = "site-a", user: tuple[str, str] = ROOT_USER) -> dict[str, Any]:
        """A module's connection options for array."""
        return {"host": "127.0.0.1", "port": self.port(array), "username": user[0], "password": user[1], "ca_path": self.ca_path}

    def connection_vars(self, with_arrays: bool = False) -> dict[str, Any]:
        """The eternus_* variables playbooks take (the scenario's administrator and the CA)."""
        return connection_vars(self.state_dir, self.scenario, with_arrays)

    def client(self, array: str = "site-a", user: tuple[str, str] = ROOT_USER) -> Client:
        return Client(self, array, user)

    def _module_args(self, args: dict[str, Any], array: str, connection: bool) -> dict[str, Any]:
        return {**(self.connection(array) if connection else {}), **args}

    def run_module(self, module: str, args: dict[str, Any], work_dir: Path | None = None, *, array: str = "site-a",
                   connection: bool = True, **options: Any) -> dict[str, Any]:
        """The module's result; args are added to (and override) array's connection unless connection is False."""
        return ansible_runs.run_module(module, self._module_args(args, array, connection), work_dir or self.state_dir / "runs",
                                       **options)

    def start_module(self, module: str, args: dict[str, Any], work_dir: Path | None = None, *, array: str = "site-a",
                     connection: bool = True, **options: Any) -> subprocess.Popen[str]:
        return ansible_runs.start_module(module, self._module_args(args, array, connection), work_dir or self.state_dir / "runs",
                                         **options)
