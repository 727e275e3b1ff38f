"""``sleeplab fixtures | user-status | jobs | broadcast | smoke`` on fresh databases."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from operator_support import Cli

import entrypoints.fixtures as fixtures_module
import entrypoints.operator_cli as operator_cli
from entrypoints.containers import build_container, resolve, unit_of_work_factory
from entrypoints.fixtures import SCENARIOS
from entrypoints.settings import Settings
from sleeplab_core.jobs import NewJob
from sleeplab_core.sleeplab.delivery import DELIVER_DIAGNOSIS_JOB_KIND

# fixtures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scenario_can_be_set_up_on_a_fresh_in_memory_database(
    memory: Cli, scenario: str
) -> None:
    result = memory.json("fixtures", "--user", "7", "--scenario", scenario)

    assert result["steps"][-1] == scenario
    assert result["user"] == 7


def test_l2_completed_leaves_the_l2_delivery_scheduled(sqlite: Cli) -> None:
    result = sqlite.json("fixtures", "--user", "7", "--scenario", "l2_completed", "--show-jobs")

    deliveries = [j for j in result["jobs"] if j["kind"] == DELIVER_DIAGNOSIS_JOB_KIND]
    assert [j["state"] for j in deliveries] == ["scheduled"]
    status = sqlite.json("user-status", "--user", "7")
    l2 = next(p for p in status["progress"] if p["level"] == "L2")
    assert l2["state"] == "completed"
    assert l2["delivery"]["due_at"]
    assert not l2["delivery"].get("sent_at")


def test_applying_a_scenario_again_starts_from_a_fresh_user(sqlite: Cli) -> None:
    sqlite.json("fixtures", "--user", "7", "--scenario", "l1_paid")

    again = sqlite.json("fixtures", "--user", "7", "--scenario", "onboarded")

    status = sqlite.json("user-status", "--user", "7")
    assert again["steps"] == ["fresh", "onboarded"]
    assert status["entitlements"] == []
    assert all(p["state"] == "not_started" for p in status["progress"])


def test_an_unknown_scenario_is_refused_with_the_known_ones(memory: Cli) -> None:
    code, output = memory("fixtures", "--user", "7", "--scenario", "l9")

    assert code == 2
    assert "l2_completed" in output


def test_fixtures_print_a_readable_summary(sqlite: Cli) -> None:
    code, output = sqlite("fixtures", "--user", "7", "--scenario", "l0_in_progress", "--show-jobs")

    assert code == 0, output
    assert "user 7 is now l0_in_progress" in output
    assert "reminder:questionnaire:7:L0:24h" in output


# user-status ---------------------------------------------------------------------------------


def test_user_status_shows_progress_entitlements_balances_and_payments(sqlite: Cli) -> None:
    sqlite.json("fixtures", "--user", "9", "--scenario", "l1_completed")

    status = sqlite.json("user-status", "--user", "9", "--show-jobs")

    assert status["profile"]["id"] == 9
    assert status["profile"]["consent"]
    l1 = next(p for p in status["progress"] if p["level"] == "L1")
    assert l1["state"] == "completed"
    assert l1["answers"] > 0
    assert l1["codes"]
    assert [e["product"] for e in status["entitlements"]] == ["sleeplab_l1"]
    assert status["balances"] == {"credits": 0}
    assert status["payments"] == []
    assert {j["state"] for j in status["jobs"]} == {"cancelled"}, "reminders of finished levels"


def test_user_status_of_an_unknown_user_says_how_to_create_one(fresh: Cli) -> None:
    code, output = fresh("user-status", "--user", "404")

    assert code == 2
    assert "sleeplab fixtures --user 404" in output


def test_user_status_prints_tables(sqlite: Cli) -> None:
    sqlite.json("fixtures", "--user", "9", "--scenario", "l0_completed")

    code, output = sqlite("user-status", "--user", "9")

    assert code == 0, output
    assert "progress" in output
    assert "entitlements" in output
    assert "completed" in output


# jobs ----------------------------------------------------------------------------------------


def test_jobs_list_on_a_fresh_database_is_empty(fresh: Cli) -> None:
    result = fresh.json("jobs", "list")

    assert result["jobs"] == []
    assert set(result["counts"].values()) == {0}


def test_jobs_list_filters_by_state(sqlite: Cli) -> None:
    sqlite.json("fixtures", "--user", "7", "--scenario", "l0_in_progress")

    scheduled = sqlite.json("jobs", "list", "--state", "scheduled")
    cancelled = sqlite.json("jobs", "list", "--state", "cancelled")

    assert len(scheduled["jobs"]) == 2
    assert cancelled["jobs"] == []
    assert scheduled["counts"]["scheduled"] == 2


def test_an_unknown_state_is_refused(memory: Cli) -> None:
    code, output = memory("jobs", "list", "--state", "sleeping")

    assert code == 2
    assert "scheduled" in output


def test_cancel_then_retry_by_hand(sqlite: Cli) -> None:
    job_id = failed_job()

    retried = sqlite.json("jobs", "retry", str(job_id))
    cancelled = sqlite.json("jobs", "cancel", str(job_id))
    code, output = sqlite("jobs", "retry", str(job_id))

    assert retried["job"]["state"] == "scheduled"
    assert retried["job"]["attempts"] == 0
    assert cancelled["job"]["state"] == "cancelled"
    assert code == 2
    assert "only failed jobs" in output


def test_retrying_or_cancelling_an_unknown_job_is_refused(fresh: Cli) -> None:
    assert fresh("jobs", "retry", "12345")[0] == 2
    assert fresh("jobs", "cancel", "12345")[0] == 2


def failed_job() -> int:
    """A job that spent its only attempt, in the database the environment names."""

    async def make() -> int:
        container = build_container(Settings())
        try:
            now = container.clock().now()
            async with (await unit_of_work_factory(container))() as uow:
                job = await uow.jobs.enqueue(
                    NewJob(kind="test.fails", run_at=now, max_attempts=1), now
                )
                await uow.commit()
            queue = await resolve(container.job_queue())
            await queue.claim("test", now, 1, timedelta(minutes=1))
            await queue.fail(job.id, "test", now, "boom", None)
            return job.id
        finally:
            await resolve(container.shutdown_resources())

    return asyncio.run(make())


# broadcast -----------------------------------------------------------------------------------


def test_a_dry_run_counts_the_segment_and_shows_the_texts_without_storing(sqlite: Cli) -> None:
    sqlite.json("fixtures", "--user", "7", "--scenario", "l0_completed")
    sqlite.json("fixtures", "--user", "8", "--scenario", "l1_paid")

    result = sqlite.json(
        "broadcast",
        "--segment",
        "l0_completed_not_paid",
        "--text-key",
        "sleeplab_jobs.broadcast.l1_invite",
        "--dry-run",
    )

    assert result["recipients"] == 1
    assert set(result["texts"]) == {"en", "ru"}
    assert "broadcast" not in result
    assert sqlite.json("jobs", "list", "--kind", "broadcast.send")["jobs"] == []


def test_a_broadcast_is_queued_for_the_worker(fresh: Cli) -> None:
    result = fresh.json(
        "broadcast", "--segment", "all_active", "--text-key", "sleeplab_jobs.broadcast.continue"
    )

    assert result["broadcast"]["state"] == "created"
    assert result["job"]["kind"] == "broadcast.send"
    assert result["job"]["unique_key"] == f"broadcast:{result['broadcast']['id']}"


def test_a_broadcast_with_a_key_is_queued_once_however_often_it_is_run(sqlite: Cli) -> None:
    text = "sleeplab_jobs.broadcast.continue"
    args = ("broadcast", "--segment", "all_active", "--text-key", text)

    first = sqlite.json(*args, "--key", "december-news")
    again = sqlite.json(*args, "--key", "december-news")
    other = sqlite.json(*args, "--key", "january-news")

    assert not first["repeat"]
    assert again["repeat"]
    assert again["broadcast"]["id"] == first["broadcast"]["id"]
    assert other["broadcast"]["id"] != first["broadcast"]["id"]
    assert len(sqlite.json("jobs", "list", "--kind", "broadcast.send")["jobs"]) == 2


def test_following_a_broadcast_without_a_worker_says_so_instead_of_hanging(
    sqlite: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(operator_cli, "NO_WORKER_PATIENCE", 0.0)
    monkeypatch.setattr(operator_cli, "FOLLOW_POLL", 0.01)

    code, output = sqlite(
        "broadcast", "--segment", "all_active", "--text-key", "sleeplab_jobs.broadcast.continue",
        "--follow",
    )  # fmt: skip

    assert code == 0, output
    assert "no worker has picked it up yet" in output
    assert "sleeplab worker" in output


@pytest.mark.parametrize(
    ("segment", "key", "complaint"),
    [
        ("nobody", "sleeplab_jobs.broadcast.continue", "no segment named 'nobody'"),
        ("all_active", "sleeplab_jobs.nothing", "no text 'sleeplab_jobs.nothing'"),
    ],
)
def test_an_unknown_segment_or_text_is_refused(
    memory: Cli, segment: str, key: str, complaint: str
) -> None:
    code, output = memory("broadcast", "--segment", segment, "--text-key", key)

    assert code == 2
    assert complaint in output


# smoke ---------------------------------------------------------------------------------------


def test_smoke_passes_every_critical_journey_in_the_core_and_through_the_emulator(
    memory: Cli,
) -> None:
    report = memory.json("smoke")

    assert report["passed"], report
    assert {j["name"] for j in report["journeys"]} >= {
        "onboarding",
        "instant_diagnosis",
        "delayed_delivery",
        "reminder",
        "broadcast",
        "telegram:delayed_delivery",
        "telegram:reminder",
        "telegram:broadcast",
    }


def test_smoke_exits_non_zero_and_names_the_failing_journey(
    memory: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(kit: object) -> str:
        raise AssertionError("the bot did not answer")

    journeys = (*fixtures_module.SMOKE_JOURNEYS[:1], ("broken", broken))
    monkeypatch.setattr(fixtures_module, "SMOKE_JOURNEYS", journeys)

    code, output = memory("smoke", "--no-telegram")

    assert code == 1
    assert "broken" in output
    assert "FAIL" in output
    assert "onboarding" in output


def test_smoke_on_the_default_install_skips_telegram_with_the_reason(
    memory: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fixtures_module, "missing_modules", lambda extra: ["aiogram"])

    code, output = memory("smoke")

    assert code == 0, output
    assert "skip" in output
    assert "pip install" in output
    assert "sleeplab[telegram]" in output


def test_a_missing_extra_gets_a_one_line_install_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import entrypoints.cli as cli_module

    def needs_postgres() -> None:
        raise ModuleNotFoundError("No module named 'asyncpg'", name="asyncpg")

    monkeypatch.setattr(cli_module, "app", needs_postgres)

    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()

    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error
    assert "sleeplab[postgres]" in error


def test_web_takes_host_and_port_like_every_other_server_command(
    memory: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import entrypoints.web.app as web_app

    served: list[tuple[str, int]] = []

    def fake_serve(container: object, *, bot: str) -> None:
        settings = container.settings()  # type: ignore[attr-defined]
        served.append((settings.web_host, settings.web_port))

    monkeypatch.setattr(web_app, "serve", fake_serve)

    code, output = memory("web", "--host", "0.0.0.0", "--port", "9123")

    assert code == 0, output
    assert served == [("0.0.0.0", 9123)]
