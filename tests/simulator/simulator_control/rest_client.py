"""HTTP to the simulator: a session that trusts only its CA, and a client logged in to one array's REST API."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any, Callable

import requests

from .scenario import ROOT_USER

if TYPE_CHECKING:
    from .simulator import Simulator


def http_session(ca_path: str) -> requests.Session:
    http = requests.Session()
    http.verify = ca_path
    # REQUESTS_CA_BUNDLE in the environment would otherwise override session.verify.
    http.trust_env = False
    return http


def wait_for(fetch: Callable[[], Any], done: Callable[[Any], bool], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value):
            return value
        assert time.monotonic() < deadline, f"timed out; last value: {json.dumps(value)[:500]}"
        time.sleep(0.02)


class Client:
    """One login to one array's /api/v1, as a REST user of the array would make it."""

    def __init__(self, sim: Simulator, array: str = "site-a", user: tuple[str, str] = ROOT_USER) -> None:
        self.array = array
        self.base = sim.url(array)
        self.http = http_session(sim.ca_path)
        reply = self.http.post(self.base + "/api/v1/session", json={"user_name": user[0], "password": user[1]}, timeout=10)
        assert reply.status_code == 200, reply.text
        self.login = reply.json()
        self.http.headers["Authorization"] = f"Bearer {self.login['token']}"

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.http.request(method, self.base + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, **kwargs)

    def session(self, session_id: int) -> dict[str, Any]:
        reply = self.get(f"/api/v1/copysession/{session_id}")
        assert reply.status_code == 200, reply.text
        return reply.json()

    def job(self, job_id: int) -> dict[str, Any]:
        reply = self.get(f"/api/v1/job/{job_id}")
        assert reply.status_code == 200, reply.text
        return reply.json()

    def submit(self, path: str, body: Any = None) -> int:
        reply = self.post(path, json=body) if body is not None else self.post(path)
        assert reply.status_code == 202, reply.text
        return int(reply.json()["job_id"])

    def finished_job(self, job_id: int, timeout: float = 5.0) -> dict[str, Any]:
        return wait_for(lambda: self.job(job_id), lambda j: j["status"] not in ("Queued", "Running"), timeout)

    def run(self, path: str, body: Any = None) -> dict[str, Any]:
        return self.finished_job(self.submit(path, body))
