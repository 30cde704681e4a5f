"""The shared state of all simulated arrays and the operations the API and admin routes call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import auth, effects
from .auth import Principal
from .counters import Counters
from .dialect import Dialect
from .dialect_book import DialectBook, merge, parse_mapping, read_dialect
from .dialect_views import session_in_dialect, storage_system_in_dialect
from .errors import ApiError
from .faults import FaultBook
from .jobs import JobRunner
from .model import Array, CopyPair, Job, User
from .scenario import STATE_KEYS, build_scenario, read_scenario
from .settings import Settings
from .timeline import Clock, Timeline
from .views import admin_extras, session_view, storage_system_view

INT_STATE_KEYS = ("total_data_size", "uncopied_data_size", "tracking_data_size", "destination_tracking_data_size", "progress")
# POST /admin/copysession/{id}/write: which volume of the pair the writes go to.
WRITE_SIDES = ("source", "destination", "local")
# A split pair: both volumes are usable and each records its own changes.
SPLIT_STATUSES = ("Suspend", "Halt", "Error_Suspend", "Error")


class World:
    def __init__(self, scenario_path: str | Path, clock: Clock | None = None, dialect: str | Path | None = None) -> None:
        self.scenario_path = Path(scenario_path)
        # A preset name or dialect file spoken on top of the scenario's own dialect (reset keeps it).
        self.dialect_source = dialect
        self.clock = clock or Clock()
        self.timeline = Timeline()
        self.settings = Settings()
        self.users: dict[str, User] = {}
        self.arrays: dict[str, Array] = {}
        self.counters: dict[str, Counters] = {}
        self.faults: dict[str, FaultBook] = {}
        self.jobs = JobRunner(self.settings, self.timeline)
        self.load()

    def load(self) -> None:
        scenario = build_scenario(read_scenario(self.scenario_path), self.clock.now())
        if self.arrays and set(scenario.arrays) != set(self.arrays):
            raise ApiError(409, "the scenario now names other arrays; restart the simulator")
        self.timeline.clear()
        self.settings.__dict__.update(scenario.settings.__dict__)
        self.users = scenario.users
        self.arrays = scenario.arrays
        self.counters = {name: Counters() for name in self.arrays}
        self.faults = {name: FaultBook() for name in self.arrays}
        extra = ({}, {})
        if self.dialect_source is not None:
            extra = parse_mapping(read_dialect(self.dialect_source), self.arrays, f"dialect {self.dialect_source}")
        self.dialects = DialectBook(merge(scenario.dialect, extra))

    def advance(self) -> float:
        now = self.clock.now()
        self.timeline.run_due(now)
        return now

    def array(self, name: str) -> Array:
        return self.arrays[name]

    def boxids(self) -> dict[str, str]:
        return {name: a.boxid for name, a in self.arrays.items()}

    # --- logins -----------------------------------------------------------------

    def login(self, array_name: str, body: Any) -> dict[str, Any]:
        now = self.advance()
        session = auth.login(self.array(array_name), self.users, body, self.settings, now)
        self.counters[array_name].logins += 1
        reply: dict[str, Any] = {
            "session_id": session.session_id,
            "token": session.token,
            "lifetime": int(self.settings.token_lifetime),
        }
        if session.refresh_token is not None:
            reply["refresh_token"] = session.refresh_token
        return reply

    def authenticate(self, array_name: str, authorization: str | None) -> Principal:
        return auth.authenticate(self.array(array_name), self.users, authorization, self.advance())

    def session_info(self, array_name: str, principal: Principal, session_id: int) -> dict[str, Any]:
        session = auth.own_session(self.array(array_name), principal, session_id)
        return {
            "session_id": session.session_id,
            "user_name": session.user_name,
            "lifetime": max(0, int(session.expires - self.clock.now())),
            "auth_list": list(principal.user.roles),
        }

    def logout(self, array_name: str, principal: Principal, session_id: int) -> None:
        auth.own_session(self.array(array_name), principal, session_id).closed = True
        self.counters[array_name].logouts += 1

    def open_sessions(self, array_name: str) -> int:
        now = self.clock.now()
        return sum(1 for s in self.array(array_name).logins.values() if s.is_live(now))

    def expire_tokens(self, array_name: str) -> int:
        now = self.clock.now()
        live = [s for s in self.array(array_name).logins.values() if s.is_live(now)]
        for session in live:
            session.expires = now
        return len(live)

    # --- copy sessions --------------------------------------------------------------

    def visible_sessions(self, array_name: str, tenant: str | None) -> list[tuple[int, CopyPair]]:
        array = self.array(array_name)
        return [
            (sid, pair)
            for sid, pair in sorted(array.sessions.items())
            if tenant is None or all(e.volume.tenant == tenant for e in pair.local_endpoints(array_name))
        ]

    def render(self, array_name: str, pair: CopyPair) -> dict[str, Any]:
        """The session in the simulator's own words, with what only the admin sees (admin routes)."""
        return {**session_view(pair, array_name, self.boxids(), self.clock.now()), **admin_extras(pair)}

    def show(self, array_name: str, pair: CopyPair) -> dict[str, Any]:
        """The session as the array's dialect shows it (/api/v1 routes)."""
        view = session_view(pair, array_name, self.boxids(), self.clock.now())
        return session_in_dialect(view, self.dialect(array_name), pair.both_sides_tracking)

    def storage_system(self, array_name: str) -> dict[str, Any]:
        """GET /api/v1/storagesystem as the array's dialect answers it (404/403 where it does not)."""
        how = self.dialect(array_name).storagesystem
        if how == "absent":
            raise ApiError(404, "The requested resource /api/v1/storagesystem was not found.")
        if how == "forbidden":
            raise ApiError(403, "The user is not allowed to read the storage system.")
        return storage_system_in_dialect(storage_system_view(self.array(array_name)), self.dialect(array_name))

    def dialect(self, array_name: str) -> Dialect:
        return self.dialects.of(array_name)

    def visible_session(self, array_name: str, tenant: str | None, session_id: int) -> CopyPair:
        for sid, pair in self.visible_sessions(array_name, tenant):
            if sid == session_id:
                return pair
        raise ApiError(404, f"Copy session {session_id} was not found.")

    def session(self, array_name: str, session_id: int) -> CopyPair:
        pair = self.array(array_name).sessions.get(session_id)
        if pair is None:
            raise ApiError(404, f"Copy session {session_id} was not found.")
        return pair

    # --- jobs ---------------------------------------------------------------------

    def submit(
        self, array_name: str, principal: Principal, operation: str, ids: list[int], force: bool
    ) -> Job:
        now = self.advance()
        for session_id in ids:
            self.session(array_name, session_id)
        user = principal.user
        return self.jobs.submit(self.array(array_name), user.name, user.tenant, operation, ids, force, now)

    def own_jobs(self, array_name: str, principal: Principal) -> list[Job]:
        jobs = self.array(array_name).jobs
        return [jobs[j] for j in sorted(jobs) if jobs[j].owner == principal.user.name]

    def own_job(self, array_name: str, principal: Principal, job_id: int) -> Job:
        job = self.array(array_name).jobs.get(job_id)
        if job is None or job.owner != principal.user.name:
            raise ApiError(404, f"Job {job_id} was not found.")
        return job

    def delete_job(self, array_name: str, principal: Principal, job_id: int) -> None:
        job = self.own_job(array_name, principal, job_id)
        if not job.is_terminal:
            raise ApiError(409, f"Job {job_id} is {job.status}; only finished jobs can be deleted.")
        del self.array(array_name).jobs[job_id]

    def any_job(self, array_name: str, job_id: int) -> Job:
        job = self.array(array_name).jobs.get(job_id)
        if job is None:
            raise ApiError(404, f"Job {job_id} was not found.")
        return job

    # --- admin --------------------------------------------------------------------------

    def patch_session(self, array_name: str, session_id: int, values: Any) -> CopyPair:
        pair = self.session(array_name, session_id)
        if not isinstance(values, dict) or not values:
            raise ApiError(400, "the body must be a non-empty JSON object of session fields")
        unknown = sorted(set(values) - set(STATE_KEYS))
        if unknown:
            raise ApiError(400, f"fields that cannot be set: {', '.join(unknown)}")
        for key in INT_STATE_KEYS:
            if key in values and (isinstance(values[key], bool) or not isinstance(values[key], int)):
                raise ApiError(400, f"'{key}' must be an integer")
        for key in ("tracking_data_size", "destination_tracking_data_size"):
            if key in values and values[key] < 0:
                raise ApiError(400, f"'{key}' must not be negative, not {values[key]!r}")
        effects.overwrite(pair, self.clock.now())
        for key, value in values.items():
            setattr(pair, key, value)
        if pair.concurrent_suspend_result != "Running":
            pair.suspend_due = None
        return pair

    def write(self, array_name: str, session_id: int, body: Any) -> CopyPair:
        """Writes of `amount` to one volume of a REC pair: recorded on that side while the pair is split; on an
        Active (or Reserved) pair the source's writes are copied (nothing recorded) and the destination is not
        writable (409)."""
        pair = self.session(array_name, session_id)
        if not isinstance(body, dict):
            raise ApiError(400, 'the body must be a JSON object {"side": "source"|"destination"|"local", "amount": N}')
        unknown = sorted(set(body) - {"side", "amount"})
        if unknown:
            raise ApiError(400, f"unknown key(s): {', '.join(unknown)} (known: side, amount)")
        side, amount = body.get("side"), body.get("amount")
        if side not in WRITE_SIDES:
            raise ApiError(400, f"'side' must be one of {', '.join(WRITE_SIDES)}, not {side!r}")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            raise ApiError(400, f"'amount' must be a positive integer, not {amount!r}")
        if not pair.is_rec:
            raise ApiError(409, f"Copy session {session_id} is {pair.type}, not a REC pair: writes are tracked per side of REC pairs only.")
        if side == "local":
            side = "source" if pair.source.array == array_name else "destination"
        if pair.status in SPLIT_STATUSES:
            if side == "source":
                pair.tracking_data_size += amount
            else:
                pair.destination_tracking_data_size += amount
        elif side == "destination":
            raise ApiError(409, f"Copy session {session_id} is {pair.status}: its destination volume is not writable while it copies.")
        return pair

    def _rec_pairs_to(self, array_name: str, remote_boxid: str | None, status: str) -> list[tuple[int, CopyPair]]:
        """This array's REC pairs in ``status`` with that peer (any peer for None), ascending by local id."""
        found = []
        for sid, pair in sorted(self.array(array_name).sessions.items()):
            peer = pair.peer_array(array_name) if pair.is_rec else None
            if peer is None or pair.status != status:
                continue
            if remote_boxid is None or self.arrays[peer].boxid == remote_boxid:
                found.append((sid, pair))
        return found

    def copy_path_loss(self, array_name: str, remote_boxid: str | None) -> list[int]:
        now = self.clock.now()
        halted = self._rec_pairs_to(array_name, remote_boxid, "Active")
        for _sid, pair in halted:
            effects.overwrite(pair, now)
            pair.status = "Halt"
            pair.error_ocurrence_time = self.clock.iso(now)
            if pair.concurrent_suspend_result == "Running":
                pair.concurrent_suspend_result = "Failed"
            pair.suspend_due = None
        return [sid for sid, _pair in halted]

    def copy_path_restore(self, array_name: str, remote_boxid: str | None) -> list[int]:
        """The path is back: every halted REC pair to that peer (or any peer) is Active again, all in one step, so a
        watcher sees the whole restore in one poll."""
        now = self.clock.now()
        restored = self._rec_pairs_to(array_name, remote_boxid, "Halt")
        for _sid, pair in restored:
            effects.overwrite(pair, now)
            pair.status = "Active"
        return [sid for sid, _pair in restored]

    def fail_in_job(self, array_name: str, session_id: int, body: Any) -> None:
        pair = self.session(array_name, session_id)
        body = body if isinstance(body, dict) else {}
        code = str(body.get("error_code", "0050"))
        message = str(body.get("message", "Injected failure."))
        if len(code) != 4 or not code.isdigit():
            raise ApiError(400, "'error_code' must be a 4-digit string")
        pair.fail_next_job = (code, message)
