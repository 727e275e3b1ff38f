"""Redaction before the LLM, measured on the labelled corpus in the tests.

Prints recall and precision by word (and the share of spans fully caught) overall and per
kind of personal data, and lists the spans that survived.

Run: ``python benchmarks/redaction_recall.py [--corpus tests/unit/llm/data/redaction_corpus.txt]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sleeplab_core.llm.redaction import redact
from sleeplab_core.llm.redaction_score import Tally, parse_corpus, score

CORPUS = Path(__file__).parent.parent / "tests" / "unit" / "llm" / "data" / "redaction_corpus.txt"


def _row(name: str, tally: Tally) -> str:
    return (
        f"{name:<10} spans {tally.spans:>4}  caught {tally.span_recall:6.1%}  "
        f"word recall {tally.recall:6.1%}  precision {tally.precision:6.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    samples = parse_corpus(args.corpus.read_text(encoding="utf-8").splitlines())
    result = score(redact, samples)
    print(f"{len(samples)} lines")
    print(_row("overall", result.overall))
    for kind, tally in sorted(result.by_kind.items()):
        print(_row(kind, tally))
    for span in result.missed:
        print(f"  missed {span}")
    for line in result.overreach:
        print(f"  removed unmarked {line}")


if __name__ == "__main__":
    main()
