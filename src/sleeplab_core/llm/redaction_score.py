"""Measuring a redactor on a labelled corpus: recall and precision, overall and per kind.

Corpus lines are ``<profile names, comma-separated>\\t<text>``, personal data marked
``⟦kind:value⟧``; ``#`` starts a comment. Scores are by word: a word is what ``\\w+`` finds
(digits and letters in any script). A marked word the redactor removed is a true positive, a
marked word that survives a false negative, an unmarked word removed a false positive.
A *span* counts as caught when every one of its words was removed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

import attrs

from sleeplab_core.llm.redaction import PersonalData

_MARK = re.compile(r"⟦(?P<kind>[a-z]+):(?P<value>[^⟧]+)⟧")
_WORD = re.compile(r"\w+")
_PLACEHOLDER = re.compile(r"\[(?:email|card|phone|username|name|date|address|link)\]")

Redact = Callable[[str, PersonalData], str]


@attrs.frozen
class Span:
    kind: str
    value: str


@attrs.frozen
class Sample:
    """One corpus line: the clean text, its marked spans and the profile it comes with."""

    text: str
    spans: tuple[Span, ...]
    personal: PersonalData


@attrs.define
class Tally:
    true_positive: int = 0
    false_negative: int = 0
    false_positive: int = 0
    spans: int = 0
    spans_caught: int = 0

    @property
    def recall(self) -> float:
        found = self.true_positive + self.false_negative
        return self.true_positive / found if found else 1.0

    @property
    def precision(self) -> float:
        removed = self.true_positive + self.false_positive
        return self.true_positive / removed if removed else 1.0

    @property
    def span_recall(self) -> float:
        return self.spans_caught / self.spans if self.spans else 1.0


@attrs.frozen
class Score:
    overall: Tally
    by_kind: dict[str, Tally]
    missed: tuple[str, ...]
    """Each span that survived, as ``kind: value``, for the person improving the redactor."""
    overreach: tuple[str, ...]
    """Each line where unmarked words were removed, with those words."""


def parse_corpus(lines: Iterable[str]) -> list[Sample]:
    """The samples of a corpus file's lines."""
    samples = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        names, _, marked = line.rstrip("\n").partition("\t")
        spans = tuple(Span(m["kind"], m["value"]) for m in _MARK.finditer(marked))
        text = _MARK.sub(lambda m: m["value"], marked)
        people = tuple(name.strip() for name in names.split(",") if name.strip())
        samples.append(Sample(text, spans, PersonalData(names=people)))
    return samples


def score(redact: Redact, samples: Iterable[Sample]) -> Score:
    """Run ``redact`` over every sample and count by word."""
    overall, by_kind, missed, overreach = Tally(), dict[str, Tally](), [], []
    for sample in samples:
        output = _words(_PLACEHOLDER.sub(" ", redact(sample.text, sample.personal)))
        removed = _words(sample.text) - output
        marked = Counter[str]()
        for span in sample.spans:
            words = _words(span.value)
            marked += words
            tally = by_kind.setdefault(span.kind, Tally())
            caught = not (words - removed)
            for each in (overall, tally):
                each.spans += 1
                each.spans_caught += caught
                each.true_positive += sum((words & removed).values())
                each.false_negative += sum((words - removed).values())
            if not caught:
                missed.append(f"{span.kind}: {span.value}")
        extra = removed - marked
        overall.false_positive += sum(extra.values())
        if extra:
            overreach.append(f"{sorted(extra)}: {sample.text}")
    return Score(overall, by_kind, tuple(missed), tuple(overreach))


def _words(text: str) -> Counter[str]:
    return Counter(word.lower() for word in _WORD.findall(text))
