"""Domain objects of the simulated arrays: volumes, copy sessions, jobs, logins."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Volume:
    number: int
    name: str
    tenant: str | None = None


@dataclass
class Endpoint:
    """One end of a copy: a volume on a named array."""

    array: str
    volume: Volume


@dataclass
class Resync:
    """An ongoing copy after a resume: progress rises linearly from start to end."""

    start: float
    end: float
    uncopied_at_start: int
    progress_at_start: int
    reaches_equivalent: bool


@dataclass
class CopyPair:
    """A copy session; a REC pair is one object seen from both arrays.

    State lives here once, so both arrays always report the same status/phase.
    """

    type: str
    source: Endpoint
    destination: Endpoint
    local_ids: dict[str, int]
    status: str = "Active"
    phase: str = "Equivalent"
    transfer_mode: str | None = None
    split_mode: str | None = None
    recovery_mode: str | None = None
    total_data_size: int = 0
    uncopied_data_size: int = 0
    # Changes recorded while the pair is split, per volume: tracking_data_size on the SOURCE volume,
    # destination_tracking_data_size on the destination volume (a reverse swaps them with the direction).
    tracking_data_size: int = 0
    destination_tracking_data_size: int = 0
    progress: int = 100
    error_code: str | None = None
    copy_range: str | None = "Volume"
    requestor: str | None = "CLI"
    backup_time: str | None = None
    error_ocurrence_time: str | None = None
    elapsed_base: float = 0.0
    loaded_at: float = 0.0
    concurrent_suspend_result: str | None = None
    suspend_due: float | None = None
    resync: Resync | None = None
    fail_next_job: tuple[str, str] | None = None
    # How much destination-side change the last resume discarded (None: no resume since the scenario was loaded).
    last_resume_discarded: int | None = None
    # Bumped whenever the state is overwritten, so pending timed effects are dropped.
    epoch: int = 0

    @property
    def is_rec(self) -> bool:
        return self.type == "REC"

    def peer_array(self, array: str) -> str | None:
        others = [name for name in self.local_ids if name != array]
        return others[0] if others else None

    def local_endpoints(self, array: str) -> list[Endpoint]:
        return [e for e in (self.source, self.destination) if e.array == array]

    def local_tracking(self, array: str) -> int:
        """The changes recorded on this array's own volume (a local session: its source's)."""
        if self.is_rec and self.source.array != array:
            return self.destination_tracking_data_size
        return self.tracking_data_size

    @property
    def both_sides_tracking(self) -> int:
        return self.tracking_data_size + self.destination_tracking_data_size


@dataclass
class FailedItem:
    resource_href: str
    error_code: str
    message: str
    session_id: int

    def as_dict(self) -> dict[str, str]:
        return {
            "resource_href": self.resource_href,
            "error_code": self.error_code,
            "message": self.message,
            "internal_code": self.internal_code,
        }

    @property
    def internal_code(self) -> str:
        return f"SIM-REC-{self.error_code}"


@dataclass
class Job:
    job_id: int
    array: str
    owner: str
    tenant: str | None
    operation: str
    force: bool
    session_ids: list[int]
    description: str
    cli_command: str
    created: float
    modified: float
    status: str = "Queued"
    finished: float | None = None
    progress_hrefs: list[str] = field(default_factory=list)
    succeeded_hrefs: list[str] = field(default_factory=list)
    failed: list[FailedItem] = field(default_factory=list)

    @property
    def is_terminal(self) -> bool:
        return self.status in ("Success", "Error", "Partial_Error", "Canceled")


@dataclass
class Login:
    session_id: int
    user_name: str
    token: str
    expires: float
    refresh_token: str | None = None
    refresh_expires: float | None = None
    closed: bool = False

    def is_live(self, now: float) -> bool:
        return not self.closed and now < self.expires


@dataclass
class User:
    name: str
    password: str
    tenant: str | None = None
    roles: list[str] = field(default_factory=list)


@dataclass
class Identity:
    """What GET /api/v1/storagesystem tells about the array (besides its name and Box ID)."""

    model_name: str
    serial_number: str
    wwn: str
    firmware_version: str


@dataclass
class Array:
    name: str
    boxid: str
    port: int
    identity: Identity | None = None
    # The name the array gives itself (storage_system_name); the scenario's array name unless set.
    system_name: str | None = None
    volumes: dict[int, Volume] = field(default_factory=dict)
    sessions: dict[int, CopyPair] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    logins: dict[int, Login] = field(default_factory=dict)
    next_job_id: int = 8192001
    next_login_id: int = 100001

    def session_href(self, session_id: int) -> str:
        return f"/api/v1/copysession/{session_id}"
