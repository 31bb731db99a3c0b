"""The worker pool: load the engine once, fork N worker processes, run jobs in them.

RQ's default worker forks a work horse for every job. On this project's
machines that fork costs more than half the engine time of an article (the
model's pages are copied and torn down each time), so jobs run in the worker
process itself, as RQ's SimpleWorker does, with two things a work horse would
have given: heartbeats while a job runs (so a killed worker's job is found
abandoned and retried within seconds), and a fresh process now and then
(`--max-jobs`), forked again from the parent that holds the loaded model.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
import threading
import time

import redis
from rq import Worker
from rq.scheduler import RQScheduler
from rq.serializers import JSONSerializer
from rq.worker import WorkerStatus

from . import outbox, queues
from .queues import ATTRIBUTION_QUEUE, WEBHOOK_QUEUE
from .settings import settings
from .timeouts import TimeoutPenalty

log = logging.getLogger("attrib.worker")
STABLE_SECONDS = 60.0  # a process that lived this long resets the restart backoff


class AttribWorker(Worker):
    """Runs each job in this process, heartbeating from a thread while it runs."""

    death_penalty_class = TimeoutPenalty

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        # RQ adds 60 s; a configurable grace lets abandoned jobs be retried sooner
        grace = settings().heartbeat_grace
        if job.timeout and job.timeout > 0:
            return int(max(min(job.timeout - working_time, self.job_monitoring_interval), 1)) + grace
        return self.job_monitoring_interval + grace

    def execute_job(self, job, queue) -> None:
        execution = self.prepare_execution(job)
        done = threading.Event()

        def heartbeat() -> None:
            while not done.wait(self.job_monitoring_interval):
                try:
                    self.maintain_heartbeats(job, execution)
                except Exception:  # a missed beat is retried at the next interval
                    log.warning("heartbeat failed for job %s", job.id, exc_info=True)

        beat = threading.Thread(target=heartbeat, name="heartbeat", daemon=True)
        beat.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            done.set()
            beat.join()
        self.set_state(WorkerStatus.IDLE)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        try:
            outbox.sweep(self.connection)  # events whose emission failed or was cut short
        except Exception:
            log.warning("outbox sweep failed; the next maintenance tries again", exc_info=True)

    def kill_horse(self, sig: signal.Signals = signal.SIGKILL) -> None:
        """No work horse to kill: a stop command lets the job finish, its result discarded."""


def build_worker(queue_names: list[str], name: str | None = None) -> AttribWorker:
    cfg = settings()
    conn = queues.connection()
    return AttribWorker(
        [queues.queue(q, conn) for q in queue_names],
        connection=conn,
        name=name,
        serializer=JSONSerializer,
        job_monitoring_interval=cfg.monitoring_interval,
        maintenance_interval=cfg.maintenance_interval,
        # an idle worker blocks in BLPOP for worker_ttl - 15 s; keep that within the
        # maintenance interval so abandoned jobs are found while workers are idle
        default_worker_ttl=cfg.maintenance_interval + 15,
        default_result_ttl=0,
    )


def _die_with_parent() -> None:
    """Linux: SIGTERM this process when the pool parent dies, so nothing is orphaned."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _forked() -> None:
    _die_with_parent()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    queues.connection.cache_clear()  # never share the parent's sockets


def _wait_for_redis() -> None:
    """Block until Redis answers: a process started while Redis is away (restarting from
    its AOF, failing over) waits for it instead of exiting and being forked again."""
    conn = queues.connection()
    delay, warned = 0.5, False
    while True:
        try:
            conn.ping()
            return
        except redis.RedisError as exc:
            if not warned:
                log.warning("waiting for Redis: %s", exc)
                warned = True
            time.sleep(delay)
            delay = min(delay * 2, 10.0)


def _child(queue_names: list[str], name: str, burst: bool, max_jobs: int | None) -> int:
    """A forked worker process: its own Redis connection, default signal handling."""
    _forked()
    _wait_for_redis()
    worker = build_worker(queue_names, name)
    worker.work(burst=burst, max_jobs=max_jobs, logging_level=os.environ.get("ATTRIB_LOG_LEVEL", "INFO"))
    return 0


def _scheduler(queue_names: list[str], name: str) -> int:
    """The pool's one scheduler process: moves due jobs (delayed webhook attempts) onto their queues."""
    _forked()
    _wait_for_redis()
    scheduler = RQScheduler(
        queue_names,
        connection=queues.connection(),
        serializer=JSONSerializer,
        name=name,
        logging_level=os.environ.get("ATTRIB_LOG_LEVEL", "INFO"),
    )
    scheduler.work()
    return 0


class Pool:
    """Forks worker processes from a parent that has loaded the model; restarts any that
    exit; on SIGTERM or SIGINT asks each to stop after its current job."""

    def __init__(self, queue_names: list[str], name: str, processes: int, burst: bool, max_jobs: int | None):
        self.queue_names = queue_names
        self.name = name
        self.processes = processes
        self.burst = burst
        self.max_jobs = max_jobs
        self.children: dict[int, int] = {}  # pid -> slot; slot -1 is the scheduler
        self.started: dict[int, float] = {}  # pid -> when it was forked
        self.generation = [0] * processes
        self.stopping = False

    def _spawn(self, slot: int) -> None:
        if slot < 0:
            target, args = _scheduler, (self.queue_names, f"{self.name}-scheduler")
        else:
            gen = self.generation[slot]
            self.generation[slot] += 1
            name = self.name if self.processes == 1 else f"{self.name}-{slot}"
            if gen:
                name = f"{name}.{gen}"
            target, args = _child, (self.queue_names, name, self.burst, self.max_jobs)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = target(*args)
            finally:
                os._exit(code)
        self.children[pid] = slot
        self.started[pid] = time.monotonic()

    def _stop(self, *_: object) -> None:
        self.stopping = True
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)  # RQ's warm shutdown: the current job finishes
            except ProcessLookupError:
                pass

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for slot in range(self.processes):
            self._spawn(slot)
        if not self.burst:
            self._spawn(-1)
        failures = 0
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            slot = self.children.pop(pid, None)
            lived = time.monotonic() - self.started.pop(pid, time.monotonic())
            if slot is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            if self.stopping or (self.burst and code == 0):
                if not any(s >= 0 for s in self.children.values()):
                    self._stop()  # the workers are done: the scheduler goes too
                continue
            # a process that ran a while failed by chance; quick failures in a row back off
            failures = 0 if lived > STABLE_SECONDS else failures + (code != 0)
            delay = min(0.2 * 2 ** max(failures - 1, 0), 30.0) if failures else 0.0
            log.warning("worker process %s exited (%s); starting another in %.1f s", pid, code, delay)
            time.sleep(delay)
            self._spawn(slot)
        return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m workers", description="Run a pool of attrib workers.")
    ap.add_argument(
        "--queues", default=ATTRIBUTION_QUEUE, help=f"comma-separated: {ATTRIBUTION_QUEUE}, {WEBHOOK_QUEUE}"
    )
    ap.add_argument("--name", default=None, help="worker name (a pool numbers its processes)")
    ap.add_argument("--processes", type=int, default=1, help="worker processes forked after the model is loaded")
    ap.add_argument(
        "--max-jobs",
        type=int,
        default=int(os.environ.get("ATTRIB_WORKER_MAX_JOBS", "500")),
        help="a process is replaced by a fresh fork after this many jobs (0: never)",
    )
    ap.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    args = ap.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("ATTRIB_LOG_LEVEL", "INFO"),
        format="%(asctime)s worker %(process)d %(levelname)s %(message)s",
    )
    names = [q.strip() for q in args.queues.split(",") if q.strip()]
    if ATTRIBUTION_QUEUE in names:
        # load the model before forking: every job costs engine time, never a model load
        import attribution

        attribution.default_engine().attribute('Warm-up: "Hello," she said.')
        gc.freeze()  # the model's objects stay out of the collector: fewer pages copied
    name = args.name or f"{'+'.join(names)}-{os.uname().nodename}-{os.getpid()}"
    pool = Pool(names, name, max(1, args.processes), args.burst, args.max_jobs or None)
    return pool.run()


if __name__ == "__main__":
    sys.exit(main())
