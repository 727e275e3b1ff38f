"""The funnel page's rows: where people stop between steps."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from entrypoints.web.admin.pages_funnels import chart_rows
from sleeplab_core.funnels.use_cases.funnel_report import FunnelReport


def report(table: dict[str, tuple[int, ...]]) -> FunnelReport:
    days = tuple(date(2026, 3, 28 + i) for i in range(len(next(iter(table.values())))))
    steps = tuple(sorted(table, key=lambda s: (-sum(table[s]), s)))
    return FunnelReport(days, steps, table)


def test_each_step_shows_the_conversion_from_the_one_above_and_who_stopped() -> None:
    rows = chart_rows(
        report({"L0:started": (6, 4), "L0:finished": (3, 2), "paid:sleeplab_l1": (1, 0)})
    )
    assert [(r["step"], r["total"], r["share"]) for r in rows] == [
        ("L0:started", 10, 100),
        ("L0:finished", 5, 50),
        ("paid:sleeplab_l1", 1, 10),
    ]
    assert [(r["from_above"], r["stopped"]) for r in rows] == [(None, None), (50, 5), (20, 4)]


@given(
    st.dictionaries(
        st.text("abc:", min_size=1, max_size=6),
        st.tuples(st.integers(0, 50), st.integers(0, 50)),
        min_size=1,
        max_size=8,
    )
)
def test_who_stopped_adds_up_to_the_drop_from_the_widest_step(
    table: dict[str, tuple[int, int]],
) -> None:
    rows = chart_rows(report(table))
    assert all(r["stopped"] is None or r["stopped"] >= 0 for r in rows)
    assert sum(r["stopped"] or 0 for r in rows) == rows[0]["total"] - rows[-1]["total"]
    assert all(r["from_above"] is None or 0 <= r["from_above"] <= 100 for r in rows)
