"""Job lifecycle on one array: Queued -> Running -> terminal, effects applied at the end."""

from __future__ import annotations

from . import effects, rules
from .errors import ApiError
from .model import Array, FailedItem, Job
from .settings import Settings
from .timeline import Timeline

OPERATIONS: dict[str, tuple[str, str]] = {
    "suspend": ("Suspend REC sessions", "suspend rec-session"),
    "resume": ("Resume REC sessions", "resume rec-session"),
    "reverse": ("Reverse REC sessions", "reverse rec-session"),
}


class JobRunner:
    def __init__(self, settings: Settings, timeline: Timeline) -> None:
        self.settings = settings
        self.timeline = timeline

    def submit(
        self,
        array: Array,
        owner: str,
        tenant: str | None,
        operation: str,
        session_ids: list[int],
        force: bool,
        now: float,
    ) -> Job:
        if len(array.jobs) >= self.settings.max_jobs:
            raise ApiError(503, f"{len(array.jobs)} jobs are registered; delete finished jobs and retry.")
        description, command = OPERATIONS[operation]
        ids_text = ",".join(str(i) for i in session_ids)
        cli = f"{command} -session-id {ids_text}"
        if operation == "suspend":
            cli += f" -force {'yes' if force else 'no'}"
        job = Job(
            job_id=array.next_job_id,
            array=array.name,
            owner=owner,
            tenant=tenant,
            operation=operation,
            force=force,
            session_ids=list(session_ids),
            description=description,
            cli_command=cli,
            created=now,
            modified=now,
        )
        array.next_job_id += 1
        array.jobs[job.job_id] = job
        self.timeline.at(now + self.settings.job_queued_seconds, lambda t: self._start(array, job, t))
        return job

    def _start(self, array: Array, job: Job, now: float) -> None:
        if job.status != "Queued":
            return
        job.status = "Running"
        job.modified = now
        self.timeline.at(now + self.settings.job_running_seconds, lambda t: self._finish(array, job, t))

    def _finish(self, array: Array, job: Job, now: float) -> None:
        if job.status != "Running":
            return
        for session_id in job.session_ids:
            self._apply(array, job, session_id, now)
        if not job.failed:
            job.status = "Success"
        elif job.succeeded_hrefs:
            job.status = "Partial_Error"
        else:
            job.status = "Error"
        self._close(array, job, now)

    def cancel(self, array: Array, job: Job, now: float) -> None:
        if job.is_terminal:
            raise ApiError(409, f"Job {job.job_id} already finished ({job.status}).")
        job.status = "Canceled"
        self._close(array, job, now)

    def _close(self, array: Array, job: Job, now: float) -> None:
        job.finished = now
        job.modified = now

        def purge(_now: float) -> None:
            if array.jobs.get(job.job_id) is job:
                del array.jobs[job.job_id]

        self.timeline.at(now + self.settings.job_retention_seconds, purge)

    def _apply(self, array: Array, job: Job, session_id: int, now: float) -> None:
        href = array.session_href(session_id)
        pair = array.sessions[session_id]
        if pair.fail_next_job is not None:
            code, message = pair.fail_next_job
            pair.fail_next_job = None
            job.failed.append(FailedItem(href, code, message, session_id))
            return
        if job.operation == "suspend":
            refusal = rules.suspend_refusal(pair, array.name, job.tenant, job.force)
        elif job.operation == "resume":
            refusal = rules.resume_refusal(pair, array.name, job.tenant)
        else:
            refusal = rules.reverse_refusal(pair, array.name, job.tenant)
        if refusal is not None:
            job.failed.append(FailedItem(href, refusal.error_code, refusal.message, session_id))
            return
        if job.operation == "suspend":
            later = rules.suspend_completes_later(pair, job.force)
            effects.suspend(pair, now, later, self.settings, self.timeline)
            if later:
                job.progress_hrefs.append(href)
        elif job.operation == "resume":
            effects.resume(pair, now, self.settings, self.timeline)
        else:
            effects.reverse(pair)
        job.succeeded_hrefs.append(href)
