"""``sleeplab promo`` and the promo fixtures: an operator creates, lists, shows and disables
codes, and can put a user at the price banner with a code typed."""

from __future__ import annotations

from operator_support import Cli


def test_an_operator_creates_a_percent_code_with_limits_window_and_products(fresh: Cli) -> None:
    created = fresh.json(
        "promo", "create", "sleep20", "--percent", "20", "--max-uses", "100",
        "--per-user", "1", "--starts", "2026-01-01", "--expires", "2099-01-31",
        "--product", "sleeplab_l1", "--product", "sleeplab_bundle",
    )  # fmt: skip

    assert created["code"] == "SLEEP20"
    assert created["percent"] == 20
    assert created["max_redemptions"] == 100
    assert created["products"] == ["sleeplab_bundle", "sleeplab_l1"]
    assert created["expires_at"].startswith("2099-01-31")
    assert created["active"]


def test_a_fixed_code_lists_and_shows_with_its_uses(sqlite: Cli) -> None:
    sqlite.json("promo", "create", "MINUS50", "--off", "XTR=50", "--off", "RUB=10000")

    (listed,) = sqlite.json("promo", "list")
    shown = sqlite.json("promo", "show", "minus50")

    assert listed["amounts"] == {"XTR": 50, "RUB": 10000}
    assert shown == listed
    assert shown["live"] == shown["redeemed"] == 0


def test_a_disabled_code_is_inactive_and_refused_at_the_banner(sqlite: Cli) -> None:
    sqlite.json("promo", "create", "GONE", "--percent", "10")

    disabled = sqlite.json("promo", "disable", "gone")

    assert not disabled["active"]
    code, output = sqlite("promo", "list")
    assert code == 0
    assert "GONE\tinactive" in output


def test_bad_codes_are_refused_with_the_reason(memory: Cli) -> None:
    assert memory("promo", "create", "X", "--percent", "10")[0] == 2
    code, output = memory("promo", "create", "BOTH", "--percent", "10", "--off", "XTR=5")
    assert code == 2
    assert "either --percent or --off" in output
    code, output = memory("promo", "create", "NOPE1", "--percent", "10", "--product", "nope")
    assert code == 2
    assert "unknown product" in output
    code, output = memory("promo", "show", "missing")
    assert code == 2
    assert "no promo code MISSING" in output


def test_creating_a_code_twice_needs_replace(sqlite: Cli) -> None:
    sqlite.json("promo", "create", "TWICE", "--percent", "10")

    code, output = sqlite("promo", "create", "TWICE", "--percent", "30")
    replaced = sqlite.json("promo", "create", "TWICE", "--percent", "30", "--replace")

    assert code == 2
    assert "exists already" in output
    assert replaced["percent"] == 30


def test_the_promo_fixtures_leave_the_user_at_the_banner_with_the_code_typed(sqlite: Cli) -> None:
    applied = sqlite.json("fixtures", "--user", "31", "--scenario", "promo_applied")
    used_up = sqlite.json("fixtures", "--user", "32", "--scenario", "promo_used_up")

    assert applied["steps"][-1] == "promo_applied"
    assert "Price: 200 ⭐" in applied["last_screen"]
    assert used_up["steps"][-1] == "promo_used_up"
    assert sqlite.json("promo", "show", "FIXTUREONCE")["live"] == 1
