"""What an answer is made of: its sources, its evidence, its checked sentences arranged in
sections (a list's lines, a summary's themes), its timings; and the conversation it belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.answering.evidence import Evidence
from desktop.core.answering.grounding import SentenceCheck, Trust
from desktop.core.library.records import Paper

Turn = tuple[str, str]


@dataclass
class Source:
    number: int
    paper: Paper
    score: float
    similarity: float | None
    text: str

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.number,
            "id": self.paper.id,
            "title": self.paper.display_title,
            "score": round(self.score, 6),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
        }


@dataclass
class Timings:
    """Seconds from the question: evidence on screen, first answer text, the whole answer."""

    evidence_s: float = 0.0
    ttft_s: float = 0.0
    tokens: int = 0
    total_s: float = 0.0
    decode_s: float = 0.0

    @property
    def tokens_per_s(self) -> float:
        return (self.tokens - 1) / self.decode_s if self.tokens > 1 and self.decode_s > 0 else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "evidence_s": round(self.evidence_s, 3),
            "ttft_s": round(self.ttft_s, 3),
            "total_s": round(self.total_s, 3),
            "tokens": self.tokens,
            "tokens_per_s": round(self.tokens_per_s, 2),
        }


@dataclass
class EvidenceFound:
    """Yielded by ask() before the answer is written: what it will be written from."""

    evidence: list[Evidence]
    sources: list[Source]
    written_by_model: bool = False  # a model writes the answer: the evidence is shown apart from it


AnswerPiece = str | EvidenceFound


class AnswerKind:
    """What kind of answer this is (the router's decision, or how it ended)."""

    PAPER = "paper"
    LIST = "list"
    TOPIC = "topic"
    COMPARE = "compare"
    SUMMARY = "summary"
    LIBRARY = "library"
    DECLINED = "declined"


@dataclass
class AnswerLine:
    """A line of a list or a theme: sentences (positions in Answer.sentences), about one source
    when number is set, shown after lead (the paper's title in a list)."""

    sentences: list[int] = field(default_factory=list)
    number: int = 0
    lead: str = ""


@dataclass
class AnswerSection:
    heading: str = ""
    lines: list[AnswerLine] = field(default_factory=list)


@dataclass
class Answer:
    question: str
    text: str = ""
    kind: str = AnswerKind.PAPER
    intro: str = ""
    sections: list[AnswerSection] = field(default_factory=list)
    more: int = 0
    more_query: str = ""
    notes: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    sentences: list[SentenceCheck] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    style: str = ""
    abstained: bool = False
    stopped: bool = False
    from_metadata: bool = False
    timings: Timings = field(default_factory=Timings)

    @property
    def is_turn(self) -> bool:
        """True for a generated answer a follow-up question can build on."""
        return bool(self.text) and not (self.stopped or self.abstained or self.from_metadata)

    def citations(self) -> list[dict[str, object]]:
        by_number = {source.number: source for source in self.sources}
        seen: dict[int, bool] = {}
        for sentence in self.sentences:
            for number in sentence.cited:
                seen[number] = seen.get(number, True) and sentence.trust is not Trust.UNBACKED
        return [
            {"n": n, "id": by_number[n].paper.id, "title": by_number[n].paper.display_title, "supported": ok}
            for n, ok in sorted(seen.items())
            if n in by_number
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.text,
            "citations": self.citations(),
            "sources": [source.to_dict() for source in self.sources],
            "evidence": [item.to_dict() for item in self.evidence],
            "sentences": [sentence.to_dict() for sentence in self.sentences],
            "missing": self.missing,
            "kind": self.kind,
            "intro": self.intro,
            "sections": [
                {
                    "heading": section.heading,
                    "lines": [
                        {"number": line.number, "lead": line.lead, "sentences": line.sentences}
                        for line in section.lines
                    ],
                }
                for section in self.sections
            ],
            "more": self.more,
            "notes": self.notes,
            "style": self.style,
            "abstained": self.abstained,
            "stopped": self.stopped,
            "from_metadata": self.from_metadata,
            "timings": self.timings.to_dict(),
        }


@dataclass
class Conversation:
    """The turns so far: follow-ups keep them, for retrieval and for the prompt.

    Thread rules: one thread owns a conversation (the GUI thread in the app); jobs on other threads
    get `history()`, an immutable snapshot, and the owner adds the turn when the answer returns."""

    turns: list[Turn] = field(default_factory=list)

    def add(self, question: str, answer: str) -> None:
        self.turns.append((question, answer))

    def clear(self) -> None:
        self.turns.clear()

    def history(self) -> tuple[Turn, ...]:
        return tuple(self.turns)
