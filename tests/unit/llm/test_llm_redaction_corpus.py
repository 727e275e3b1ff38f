"""Redaction measured on the labelled corpus (en + ru): recall and precision floors.

The corpus (``data/redaction_corpus.txt``) marks every piece of personal data; the score is
by word (see :mod:`sleeplab_core.llm.redaction_score`). ``benchmarks/redaction_recall.py``
prints the same figures per kind with what was missed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sleeplab_core.llm import PersonalData, redact
from sleeplab_core.llm.redaction_score import Sample, parse_corpus, score

CORPUS = Path(__file__).parent / "data" / "redaction_corpus.txt"
RECALL_FLOOR = 0.95
PRECISION_FLOOR = 0.98
KIND_RECALL_FLOOR = 0.90
KINDS = {"name", "email", "handle", "link", "phone", "card", "dob", "address"}


@pytest.fixture(scope="module")
def samples() -> list[Sample]:
    return parse_corpus(CORPUS.read_text(encoding="utf-8").splitlines())


def test_the_corpus_is_big_enough_and_covers_every_kind_in_both_languages(
    samples: list[Sample],
) -> None:
    kinds = {span.kind for sample in samples for span in sample.spans}
    russian = [s for s in samples if any("а" <= c <= "я" for c in s.text.lower())]
    assert len(samples) >= 150
    assert kinds == KINDS
    assert len(russian) >= 50
    assert len(samples) - len(russian) >= 50


def test_recall_and_precision_hold_their_floors(samples: list[Sample]) -> None:
    result = score(redact, samples)

    assert result.overall.recall >= RECALL_FLOOR, result.missed
    assert result.overall.span_recall >= RECALL_FLOOR, result.missed
    assert result.overall.precision >= PRECISION_FLOOR, result.overreach


def test_every_kind_is_caught(samples: list[Sample]) -> None:
    result = score(redact, samples)

    weak = {kind: t.recall for kind, t in result.by_kind.items() if t.recall < KIND_RECALL_FLOOR}
    assert not weak, result.missed


def test_the_score_notices_a_redactor_that_does_nothing(samples: list[Sample]) -> None:
    result = score(lambda text, personal: text, samples)

    assert result.overall.recall == 0.0
    assert result.overall.precision == 1.0


@pytest.mark.parametrize(
    ("text", "personal", "gone"),
    [
        ("I am Ivan Petrov", PersonalData(names=["Ivan", "Petrov"]), ["Ivan", "Petrov"]),
        ("write ivan@почта.рф", PersonalData(), ["ivan", "почта"]),
        ("see t.me/ivan_p and @ivan_p", PersonalData(), ["ivan_p"]),
        ("живу: ул. Ленина, д. 5, кв. 12", PersonalData(), ["Ленина", "12"]),
        ("born 12.03.1985", PersonalData(), ["1985"]),
        ("I live at 221B Baker Street", PersonalData(), ["Baker", "221B"]),
    ],
)
def test_what_the_attack_saw_at_the_fake_provider_is_gone(
    text: str, personal: PersonalData, gone: list[str]
) -> None:
    redacted = redact(text, personal)

    assert not [word for word in gone if word in redacted], redacted
