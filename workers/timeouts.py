"""Job timeouts that nothing on the way can swallow."""

from __future__ import annotations

from rq.timeouts import UnixSignalDeathPenalty


class JobTimedOut(BaseException):
    """A job ran past its timeout. A BaseException, as KeyboardInterrupt is, so that no
    `except Exception` on the way (the engine's never-raise guard among them) can turn a
    timeout into an empty success."""


class TimeoutPenalty(UnixSignalDeathPenalty):
    """RQ's SIGALRM timeout, raising JobTimedOut instead of RQ's JobTimeoutException."""

    def handle_death_penalty(self, signum, frame) -> None:  # noqa: ARG002 - signal handler signature
        raise JobTimedOut(f"the job ran past its timeout ({self._timeout} s)")
