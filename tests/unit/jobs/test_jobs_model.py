"""Job values: what a request to run may hold."""

from __future__ import annotations

from datetime import datetime

import pytest
from jobs_support import T0

from sleeplab_core.jobs import NewJob


def test_the_payload_is_copied_so_later_changes_do_not_leak_in() -> None:
    payload = {"levels": ["L0"]}

    job = NewJob(kind="x", payload=payload, run_at=T0)
    payload["levels"].append("L1")

    assert job.payload == {"levels": ["L0"]}


@pytest.mark.parametrize("payload", [{"when": T0}, {"nan": float("nan")}, ["not", "an", "object"]])
def test_a_payload_that_is_not_a_json_object_is_refused(payload: object) -> None:
    with pytest.raises((TypeError, ValueError), match="JSON"):
        NewJob(kind="x", payload=payload, run_at=T0)  # type: ignore[arg-type]


def test_a_naive_run_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        NewJob(kind="x", run_at=datetime(2026, 3, 1))


def test_a_job_needs_a_kind_and_at_least_one_attempt() -> None:
    with pytest.raises(ValueError):
        NewJob(kind="", run_at=T0)
    with pytest.raises(ValueError):
        NewJob(kind="x", run_at=T0, max_attempts=0)
