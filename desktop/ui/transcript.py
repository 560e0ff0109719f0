"""The chat transcript as HTML: the evidence first, then the answer with a trust mark on every
sentence (hover shows the evidence, click opens the paper at it), then the sources.

Every piece of dump or model text goes through html.text: nothing in it can become markup.
Links: cite:ENTRY:N opens source N; evidence:ENTRY:I and sentence:ENTRY:I open the paper at a
sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.answering.answer import Answer, EvidenceFound, Source
from desktop.core.answering.compare import FIELDS
from desktop.core.answering.evidence import Evidence
from desktop.core.answering.grounding import SentenceCheck, Trust
from desktop.core.answering.results import AnswerKind
from desktop.core.library.records import Paper
from desktop.core.text.citation_marks import PLAIN_CITATION
from desktop.core.text.sentences import Sentence
from desktop.ui import html

_CITATION = re.compile(r"\s*" + PLAIN_CITATION.pattern)  # with the space before it
TRUST_MARKS = {
    Trust.BACKED: ("✓", "good", "Backed by the abstract it cites"),
    Trust.WEAK: ("◐", "warn", "Weakly backed: parts of it are not in the abstract it cites"),
    Trust.UNBACKED: ("⚠", "bad", "Not backed by the abstract it cites"),
    Trust.UNCITED: ("⚠", "muted", "No citation: nothing says where this comes from"),
}


@dataclass
class Target:
    """Where a click in the transcript leads: a paper, at a sentence when there is one."""

    paper: Paper
    sentence: Sentence | None = None


@dataclass
class ChatEntry:
    prompt: str
    text: str = ""
    answer: Answer | None = None
    error: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    evidence_apart: bool = False  # a model writes the answer: its evidence is shown above it

    def receive(self, found: EvidenceFound) -> None:
        self.evidence, self.sources = list(found.evidence), list(found.sources)
        self.evidence_apart = found.written_by_model

    @property
    def papers(self) -> dict[int, Paper]:
        return {source.number: source.paper for source in self.sources}

    def target(self, kind: str, position: int) -> Target | None:
        """The paper (and sentence) a link of this entry points at."""
        if kind == "cite":
            paper = self.papers.get(position)
            return Target(paper) if paper else None
        if kind == "evidence" and 0 <= position < len(self.evidence):
            item = self.evidence[position]
            return Target(item.paper, item.sentence)
        sentences = self.answer.sentences if self.answer else []
        if kind == "sentence" and 0 <= position < len(sentences):
            check = sentences[position]
            by_id = {paper.id: paper for paper in self.papers.values()}
            paper = by_id.get(check.evidence_paper) or (self.papers.get(check.cited[0]) if check.cited else None)
            return Target(paper, check.evidence) if paper else None
        return None

    def html(self, index: int, colors: dict[str, str]) -> str:
        parts = [f'<p><a name="{entry_anchor(index)}"></a><b>You:</b> {html.text(self.prompt)}</p>']
        answer = self.answer
        if self.evidence and self.evidence_apart and not (answer and answer.abstained):
            parts.append(_evidence_html(self.evidence, index, colors))
        if answer is None:
            parts.append(f"<p>{_linked(self.text, index, set(self.papers)) or '…'}</p>")
        elif answer.abstained:
            parts.append(_abstained_html(answer, index, colors))
        elif answer.kind == AnswerKind.COMPARE and answer.sentences:
            parts.append(_table_html(answer, index, colors))
        elif answer.sections and answer.sentences:
            parts.append(_sections_html(answer, index, colors, set(self.papers)))
        elif answer.sentences:
            parts.append(_answer_html(answer.sentences, index, colors, set(self.papers)))
        else:
            parts.append(f"<p>{_linked(answer.text, index, set(self.papers))}</p>")
        if answer is not None and answer.missing and not answer.abstained:
            missing = ", ".join(html.text(name) for name in answer.missing)
            parts.append(f'<p style="color:{colors["warn"]}"><i>Not in your library: {missing}.</i></p>')
        if answer is not None and answer.notes:
            parts += [f'<p style="color:{colors["muted"]}"><i>{html.text(note)}</i></p>' for note in answer.notes]
        if self.error:
            parts.append(f'<p style="color:{colors["bad"]}"><b>Error:</b> {html.text(self.error)}</p>')
        listed = answer is not None and answer.kind in (AnswerKind.LIST, AnswerKind.COMPARE)
        if answer is not None and answer.sources and not answer.from_metadata and not answer.abstained and not listed:
            parts.append(_sources_html(answer.sources, index, colors))
        return "".join(parts)

    def markdown(self) -> str:
        """The entry for an exported conversation: evidence, answer with trust marks, references."""
        lines = [f"## {html.markdown_safe(self.prompt)}", ""]
        answer = self.answer
        if self.evidence and self.evidence_apart and not (answer and answer.abstained):
            lines += ["Evidence:", ""]
            lines += [f"> [{e.number}] {html.markdown_safe(e.text)}" for e in self.evidence]
            lines.append("")
        if answer is not None and answer.kind == AnswerKind.COMPARE and not answer.abstained:
            lines.append(answer.text)  # the table, cells already Markdown-safe
        elif answer is not None and answer.sections and not answer.abstained:
            lines += _sections_markdown(answer)
        elif answer is not None and answer.sentences and not answer.abstained:
            for check in answer.sentences:
                lines.append(html.markdown_safe(check.text) + _trust_note(check))
        else:
            lines.append(html.markdown_safe(answer.text if answer is not None else self.text))
        if answer is not None and answer.missing:
            lines += ["", "Not in your library: " + html.markdown_safe(", ".join(answer.missing)) + "."]
        if answer is not None and answer.sources:
            lines += ["", "References:", ""]
            for source in answer.sources:
                paper = source.paper
                meta = ", ".join(x for x in (paper.date_text, ", ".join(paper.sources)) if x)
                lines.append(
                    f"[{source.number}] {html.markdown_safe(paper.display_title)} "
                    f"({html.markdown_safe(meta)}; id {paper.id[:12]})"
                )
        return "\n".join(lines)


def _trust_note(check: SentenceCheck) -> str:
    return "" if check.trust is Trust.BACKED else f" *({TRUST_MARKS[check.trust][2].lower()})*"


def _sections_markdown(answer: Answer) -> list[str]:
    lines = [html.markdown_safe(answer.intro), ""] if answer.intro else []
    for section in answer.sections:
        if section.heading:
            lines += [f"### {html.markdown_safe(section.heading)}", ""]
        for line in section.lines:
            said = " ".join(
                html.markdown_safe(answer.sentences[i].text) + _trust_note(answer.sentences[i]) for i in line.sentences
            )
            if line.lead:
                lines.append(f"- **{html.markdown_safe(line.lead)}** [{line.number}]" + (f": {said}" if said else ""))
            else:
                lines.append(said)
        lines.append("")
    if answer.more:
        lines.append(f"…and {answer.more} more (search: {html.markdown_safe(answer.more_query)}).")
    return lines


def entry_anchor(index: int) -> str:
    return f"entry-{index}"


def _evidence_html(evidence: list[Evidence], index: int, colors: dict[str, str]) -> str:
    rows = []
    for position, item in enumerate(evidence):
        marked = html.marked(item.text, item.marks, colors["mark"])
        tip = html.text(f"Open [{item.number}] {item.paper.display_title} at this sentence")
        rows.append(
            f'<p style="margin-left:10px">'
            f'<a href="evidence:{index}:{position}" title="{tip}" style="color:{colors["text"]}; text-decoration:none">'
            f'<span style="color:{colors["accent"]}">[{item.number}]</span> {marked}</a></p>'
        )
    return f'<p style="color:{colors["muted"]}"><b>Evidence</b></p>' + "".join(rows)


def _answer_html(checks: list[SentenceCheck], index: int, colors: dict[str, str], valid: set[int]) -> str:
    return "<p>" + " ".join(_sentence_link(check, i, index, colors, valid) for i, check in enumerate(checks)) + "</p>"


def _sentence_link(
    check: SentenceCheck, position: int, index: int, colors: dict[str, str], valid: set[int], cite: bool = True
) -> str:
    """One checked sentence: hover shows its own evidence, click opens the paper at it."""
    symbol, color, meaning = TRUST_MARKS[check.trust]
    tip = meaning + (
        f" — “{check.evidence.text}”" if check.evidence is not None and check.trust is not Trust.UNBACKED else ""
    )
    body = html.text(_CITATION.sub("", check.text).strip())
    underline = "" if check.trust is Trust.BACKED else f"; border-bottom: 1px dotted {colors[color]}"
    return (
        f'<a href="sentence:{index}:{position}" title="{html.text(tip)}" '
        f'style="color:{colors["text"]}; text-decoration:none{underline}">{body}</a>'
        + (_citation_links(check.cited, index, valid, colors) if cite else "")
        + f' <span style="color:{colors[color]}" title="{html.text(meaning)}">{symbol}</span>'
    )


def _sections_html(answer: Answer, index: int, colors: dict[str, str], valid: set[int]) -> str:
    """A list (one line per paper, grouped by theme) or a topic summary (themes of sentences)."""
    parts = [f"<p>{html.text(answer.intro)}</p>"] if answer.intro else []
    for section in answer.sections:
        if section.heading:
            parts.append(f'<p style="margin-bottom:2px"><b>{html.text(section.heading)}</b></p>')
        lines = []
        for line in section.lines:
            said = " ".join(
                _sentence_link(answer.sentences[i], i, index, colors, valid, cite=not line.lead) for i in line.sentences
            )
            if line.lead:
                lead = f'<a href="cite:{index}:{line.number}" style="color:{colors["accent"]}">[{line.number}]</a> <b>{html.text(line.lead)}</b>'
                lines.append(f"<li>{lead}{' — ' + said if said else ''}</li>")
            else:
                lines.append(said)
        if any(line.lead for line in section.lines):
            parts.append("<ul style='margin-top:0'>" + "".join(lines) + "</ul>")
        else:
            parts.append("<p>" + " ".join(lines) + "</p>")
    if answer.more:
        parts.append(
            f'<p><a href="search:{index}:0" style="color:{colors["accent"]}">…and {answer.more} more: '
            f"open the search for “{html.text(answer.more_query)}”</a></p>"
        )
    return "".join(parts)


def _table_html(answer: Answer, index: int, colors: dict[str, str]) -> str:
    head = "".join(f"<th align='left'>{name}</th>" for name in ("Paper", *FIELDS))
    rows = []
    per_row = len(FIELDS)
    for row, source in enumerate(answer.sources):
        cells = answer.sentences[row * per_row : (row + 1) * per_row]
        if not cells:
            continue
        paper = f'<a href="cite:{index}:{source.number}">[{source.number}]</a> {html.text(source.paper.display_title)}'
        rendered = []
        for check in cells:
            symbol, color, meaning = TRUST_MARKS[check.trust]
            text = html.text(check.text) if check.text else f'<i style="color:{colors["muted"]}">not stated</i>'
            mark = (
                f' <span style="color:{colors[color]}" title="{html.text(meaning)}">{symbol}</span>'
                if check.text
                else ""
            )
            rendered.append(f"<td>{text}{mark}</td>")
        rows.append(f"<tr><td>{paper}</td>{''.join(rendered)}</tr>")
    return f'<table width="100%" cellpadding="4" cellspacing="0" border="1" style="border-color:{colors["border"]}"><tr>{head}</tr>{"".join(rows)}</table>'


def _abstained_html(answer: Answer, index: int, colors: dict[str, str]) -> str:
    lines = [f"<p>{html.text(answer.text.splitlines()[0])}</p>"]
    if answer.missing:
        lines.append(f"<p>Nothing in it mentions {html.text(', '.join(answer.missing))}.</p>")
    if answer.sources:
        lines.append(f'<p style="color:{colors["muted"]}">The closest papers are:</p>')
        lines += [
            f'<p style="margin-left:10px"><a href="cite:{index}:{s.number}">[{s.number}]</a> {html.text(s.paper.display_title)}</p>'
            for s in answer.sources
        ]
    return "".join(lines)


def _sources_html(sources: list[Source], index: int, colors: dict[str, str]) -> str:
    rows = [f'<a href="cite:{index}:{s.number}">[{s.number}]</a> {html.text(s.paper.display_title)}' for s in sources]
    return f'<p style="color:{colors["muted"]}"><i>Sources:</i><br>' + "<br>".join(rows) + "</p>"


def _citation_links(numbers: list[int], index: int, valid: set[int], colors: dict[str, str]) -> str:
    return "".join(
        f' <a href="cite:{index}:{n}" style="color:{colors["accent"]}">[{n}]</a>' for n in numbers if n in valid
    )


def _linked(text: str, index: int, valid: set[int]) -> str:
    """Streaming text: escaped, with its [n] markers as links, line breaks kept."""
    escaped = html.text(text)

    def link(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return f' <a href="cite:{index}:{number}">[{number}]</a>' if number in valid else match.group(0)

    return _CITATION.sub(link, escaped).replace("\n", "<br>")
