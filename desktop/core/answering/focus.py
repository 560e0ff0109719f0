"""Keeping a one-paper answer on its question.

- The evidence comes from the paper the question is about: the papers that hold the name it asks
  about, else the best-matching paper; another paper only when its sentence is as good.
- The question's wanted role (which data, what result, what problem, how it works) lifts the
  sentences of that role (roles.py), so a motivation sentence does not answer "which benchmark".
- Chinese questions are matched by character pairs, which the English embedding model cannot do.
- A comparison's papers are the ones its names belong to."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from desktop.core.answering.absent_names import absent_names, candidate_texts
from desktop.core.answering.claims import leans_on_context, readable
from desktop.core.answering.compared_items import compared_items
from desktop.core.answering.evidence import (
    CONTEXT_CANDIDATES,
    Evidence,
    SentenceIndex,
    idf_weights,
    mark_terms,
    rank_evidence,
    weighted_share,
    with_context,
)
from desktop.core.answering.evidence_choice import evidence_from
from desktop.core.answering.novelty import new_numbers
from desktop.core.answering.question_parts import cover_every_part
from desktop.core.answering.questions import QuestionAnalysis, QuestionKind, analyse, asks_number, names_a_subject
from desktop.core.answering.relevance import RelevanceFinder
from desktop.core.answering.roles import Role, label_roles
from desktop.core.answering.routing import RoutedQuestion
from desktop.core.base.choices import SearchMode
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.search.hybrid import Hit, Searcher
from desktop.core.text.cjk import cjk_words, has_cjk
from desktop.core.text.keywords import fts_terms
from desktop.core.text.terms import content_stems

W_ROLE = 0.2
NAMED_PAPERS = 3
W_PAPER_FIT = 1.0  # a sentence's paper holding all of the question's rare words counts this much
SECOND_PAPER_SHARE = 0.95
NARROW_LIMIT = 2
WIDE_LIMIT = 3
SPECIFIC_PAPERS = 2  # a compared name at most this many of the retrieved papers hold is specific
_WANTS: list[tuple[Role, re.Pattern[str]]] = [
    (
        Role.DATA,
        re.compile(
            r"\b(which|what) (datasets?|benchmarks?|data|corpus|corpora|environments?|games|tasks|suite|testbed)\b"
            r"|\b(evaluated|tested|trained|benchmarked|validated) (on|with)\b|\bon what data\b|数据集|基准",
            re.I,
        ),
    ),
    (
        Role.RESULT,
        re.compile(
            r"\bhow (much|many|well|fast|large|big|often|accurate)\b|\b(what|which) (accuracy|score|result|results|"
            r"improvement|speed-?up|performance|error|gain|reduction|f1|bleu|perplexity|number|percentage|rate)\b"
            r"|\b(reach|achieve|improve|outperform|find|found|show|conclude|effect)\w*\b|多少|效果|结果|提高"
            # "Did X prevent Y?", "Is X as effective as Y?": a yes/no question about an effect wants the finding
            r"|^\s*(does|did|do|can|could|is|are|was|were)\b.*\b(prevent|reduc|improv|work|help|caus|increas|decreas"
            r"|affect|effective|better|worse|safe|superior|inferior)\w*",
            re.I,
        ),
    ),
    (
        Role.TASK,
        re.compile(
            r"\b(what|which) (problem|limitation|challenge|issue|gap|question|bottleneck)\b|\bwhy\b|\baddress\w*\b"
            r"|\bmotivat\w*|\baim\b|\bgoal\b|\bpurpose\b|问题|目的",
            re.I,
        ),
    ),
    (
        Role.METHOD,
        re.compile(
            r"^\s*how (does|do|is|are|did|was|were)\b|\bmechanism\b|\bwork\?|\b(what|which) (method|approach|technique|"
            r"architecture|model|algorithm|framework|idea)\b|\bpropose\w*\b|方法|如何|怎样",
            re.I,
        ),
    ),
]


W_NUMBER = 0.2


def wanted_role(question: str) -> Role | None:
    for role, pattern in _WANTS:
        if pattern.search(question):
            return role
    return None


def rank(
    analysis: QuestionAnalysis,
    papers: Sequence[tuple[int, Paper]],
    index: SentenceIndex,
    word_weights: dict[str, float] | None = None,
) -> list[Evidence]:
    """Every sentence of the numbered papers, scored against the question, best first. With
    word_weights (a Chinese question's words, weighed by rarity), by those words."""
    if word_weights is not None:
        ranked = _rank_chinese(word_weights, papers, index)
    else:
        ranked = rank_evidence(analysis, papers, index)
    role = wanted_role(analysis.text)
    if role is None and analysis.kind is QuestionKind.COMPARISON:
        role = Role.METHOD  # a comparison answered in prose (one side absent): what each does
    if asks_number(analysis.text):
        ranked = sorted(
            (replace(e, score=e.score + W_NUMBER * bool(new_numbers(e.text, analysis.text))) for e in ranked),
            key=lambda e: -e.score,
        )
        role = role or Role.RESULT
    if role is None or not ranked:
        return ranked
    by_paper: dict[str, list[Evidence]] = {}
    for item in ranked:
        by_paper.setdefault(item.paper.id, []).append(item)
    lifted = []
    for items in by_paper.values():
        ordered = sorted(items, key=lambda e: e.sentence.start)
        roles = label_roles([e.text for e in ordered])
        for item, scores in zip(ordered, roles, strict=True):
            lifted.append(replace(item, score=item.score + W_ROLE * min(1.0, scores.scores.get(role, 0.0))))
    lifted.sort(key=lambda e: -e.score)
    return lifted


def word_weights(library: Library, question: str) -> dict[str, float]:
    """A Chinese question's words (asking words left out), each weighed by how rare it is in the
    library: '古琴' weighs more than '方法', and a word no paper holds weighs most."""
    total = max(1, library.count())
    weights = {}
    for word in cjk_words(question):
        quoted = fts_terms(word)
        frequency = library.term_frequency(quoted[0]) if quoted else 0
        weights[word] = math.log((total + 1) / (frequency + 1))
    return weights


_CJK_FUNCTION_CHARACTERS = frozenset("的有和与及是在了中把被对从用为等或以吗呢哪些什么如何怎样")


def absent_chinese_words(library: Library, question: str) -> list[str]:
    """The words of a Chinese question no paper holds, each as written in the question up to the
    next word ('丁苯酞', which the segmenter cuts to '丁苯')."""
    words = cjk_words(question)
    absent = []
    for word in words:
        if library.mentions(word) or (len(word) > 2 and any(library.mentions(word[i : i + 2]) for i in range(len(word) - 1))):
            continue  # '组合成' is held as '组合'
        start = question.find(word)
        end = start + len(word)
        while (
            start >= 0
            and end < min(len(question), start + len(word) + 2)
            and has_cjk(question[end])
            and question[end] not in _CJK_FUNCTION_CHARACTERS
            and not any(question.startswith(w, end) for w in words)
        ):
            end += 1
        absent.append(question[start:end] if start >= 0 else word)
    return list(dict.fromkeys(absent))


def _rank_chinese(
    weights: dict[str, float], papers: Sequence[tuple[int, Paper]], index: SentenceIndex
) -> list[Evidence]:
    by_paper = index.sentences([paper for _, paper in papers])
    total = sum(weights.values()) or 1.0
    ranked = []
    for number, paper in papers:
        sentences, vectors = by_paper[paper.id]
        title_held = sum(w for p, w in weights.items() if p in paper.title) / total
        for sentence, vector in zip(sentences, vectors, strict=True):
            held = sum(w for p, w in weights.items() if p in sentence.text) / total
            score = 0.7 * held + 0.2 * title_held + 0.03 / number
            ranked.append(Evidence(number, paper, sentence, score, held, [], vector))
    ranked.sort(key=lambda e: -e.score)
    return ranked


def focus_papers(ranked: list[Evidence], analysis: QuestionAnalysis) -> set[str]:
    """The papers the answer may quote: those holding the question's names, else the best one
    (and a second when its best sentence is nearly as good)."""
    if not ranked:
        return set()
    held = [s for s in analysis.subjects if any(_holds_subject(e.paper, [s]) for e in ranked)]
    if held:
        # the most specific name decides: 'Grad-CAM', not 'CNN', in "Grad-CAM for CNN predictions"
        papers = {e.paper.id: e.paper for e in ranked}.values()
        holding = {s: sum(_holds_subject(p, [s]) for p in papers) for s in held}
        rarest = min(held, key=lambda s: holding[s])
        if holding[rarest] <= max(1, len(papers) // 2):
            return {e.paper.id for e in ranked if _holds_subject(e.paper, [rarest])}
        # a name most candidates hold ("GNN" in "the hybrid approach that uses a GNN for road
        # network design") is a general term: the paper that fits the whole question is meant
        ranked = _by_paper_fit(ranked, analysis.text)
    top = ranked[0]
    chosen = {top.paper.id}
    for item in ranked[1:]:
        if item.paper.id not in chosen and item.score >= SECOND_PAPER_SHARE * top.score:
            chosen.add(item.paper.id)
            break
    return chosen


def _by_paper_fit(ranked: list[Evidence], question: str) -> list[Evidence]:
    """The evidence with each sentence raised by how much of the question its paper holds (the
    question's words weighed by how few candidate papers hold them)."""
    papers = {e.paper.id: f"{e.paper.title} {e.paper.abstract}" for e in ranked}
    weights = idf_weights(content_stems(question, parts=True), list(papers.values()))
    fit = {pid: weighted_share(text, weights) for pid, text in papers.items()}
    fitted = [replace(e, score=e.score + W_PAPER_FIT * fit[e.paper.id]) for e in ranked]
    return sorted(fitted, key=lambda e: -e.score)


def choose(ranked: list[Evidence], analysis: QuestionAnalysis, index: SentenceIndex, question: str) -> list[Evidence]:
    """The evidence the answer is made of, from the focus papers, readable."""
    if analysis.kind is QuestionKind.COMPARISON:
        papers = {e.paper.id: e.paper for e in ranked}
        specific = [
            s for s in analysis.subjects if 0 < sum(_holds_subject(p, [s]) for p in papers.values()) <= SPECIFIC_PAPERS
        ]
        kept_ids = {pid for pid, p in papers.items() if _holds_subject(p, specific)} if specific else set(papers)
        candidates = [e for e in ranked if e.paper.id in kept_ids]
        limit = WIDE_LIMIT
    else:
        kept = focus_papers(ranked, analysis)
        narrow = wanted_role(question) in (Role.DATA, Role.RESULT)
        limit = NARROW_LIMIT if narrow else WIDE_LIMIT
        candidates = [e for e in ranked if e.paper.id in kept]
    chosen = evidence_from(candidates, analysis, index, limit)
    contexts = [with_context(e, index) for e in candidates[:CONTEXT_CANDIDATES]]
    chosen = cover_every_part(contexts, chosen, analysis, limit)
    cleaned = [replace(e, sentence=replace(e.sentence, text=readable(e.sentence.text))) for e in chosen]
    return mark_terms(
        [e for e in cleaned if not (leans_on_context(e.text) and len(cleaned) > 1 and e is not cleaned[0])] or cleaned,
        analysis,
    )


def without_missing_side(analysis: QuestionAnalysis, missing: Sequence[str], papers: Sequence[Paper]) -> bool:
    """A comparison one of whose sides the library lacks ("DistilBERT vs TinyBERT", no TinyBERT)
    is answered for the side it has, as a question about it: what it is, or how much when a number
    is asked for. The side left must be a name few of the papers hold ("Transformers" is no side
    of "Memorizing Transformers vs kNN-LM"). Returns whether the analysis changed."""
    absent = {m.casefold() for m in missing}
    if analysis.kind is not QuestionKind.COMPARISON or not any(n.casefold() in absent for n in analysis.subjects):
        return False
    left = [s for s in analysis.subjects if s.casefold() not in absent]
    if not any(0 < sum(_holds_subject(p, [s]) for p in papers) <= SPECIFIC_PAPERS for s in left):
        return False
    analysis.names = [n for n in analysis.names if n.casefold() not in absent]
    analysis.proper_nouns = [n for n in analysis.proper_nouns if n.casefold() not in absent]
    analysis.kind = QuestionKind.RESULT if asks_number(analysis.text) else QuestionKind.DEFINITION
    return True


def with_named_papers(searcher: Searcher, hits: list[Hit], analysis: QuestionAnalysis, k: int) -> list[Hit]:
    """The hits, with the papers that hold the question's names first: a question naming MuZero
    is answered from the MuZero paper even when other papers match its other words better."""
    if not analysis.subjects:
        return hits
    have = {h.paper.id for h in hits}
    named: list[Hit] = []
    for subject in analysis.subjects:
        for hit in searcher.search(subject, NAMED_PAPERS, SearchMode.KEYWORD):
            if hit.paper.id not in have and _holds_subject(hit.paper, [subject]):
                named.append(hit)
                have.add(hit.paper.id)
    return (named + hits)[: max(k, len(named))] if named else hits


_PHRASE_QUESTION = re.compile(
    r"^\s*(?:what|who)\s+(?:is|are|was|were)\s+(?:an?\s+|the\s+)?(?P<a>[^?]{3,60}?)\s*\??\s*$"
    r"|^\s*how\s+(?:does|do|did)\s+(?:an?\s+|the\s+)?(?P<b>[^?]{3,60}?)\s+work\s*\??\s*$",
    re.I,
)


def add_phrase_subject(analysis: QuestionAnalysis, library: Library) -> None:
    """'What is weak-to-strong generalization?': a thing asked about by a phrase of ordinary
    words is a name when the library holds that exact phrase; its papers then answer."""
    match = _PHRASE_QUESTION.match(analysis.text)
    if match is None:
        return
    phrase = (match.group("a") or match.group("b") or "").strip()
    if len(phrase.split()) < 2 and "-" not in phrase:
        return  # one plain word is no name ("What is attention?")
    if phrase.casefold() in (s.casefold() for s in analysis.subjects):
        return
    if library.mentions(phrase):
        analysis.names.insert(0, phrase)


LOWER_CASE_SHARE = 2.0  # written in lower case over twice as often as capitalised: a common word


def drop_common_words(analysis: QuestionAnalysis, library: Library) -> None:
    """A capitalised word the library writes in lower case far more often ("a Teacher agent
    guides a Student") is an ordinary word, not a thing the question names: its papers are not
    the ones to answer from. Names it writes capitalised ("Shapley", "Dreamer") stay."""
    kept = []
    for noun in analysis.proper_nouns:
        if " " in noun or not library.mentions(noun):
            kept.append(noun)
            continue
        texts = candidate_texts(library, noun)
        written = sum(len(re.findall(rf"\b{re.escape(noun)}s?\b", t)) for t in texts)
        lowered = sum(len(re.findall(rf"\b{re.escape(noun.lower())}s?\b", t)) for t in texts)
        if lowered <= LOWER_CASE_SHARE * written:
            kept.append(noun)
    analysis.proper_nouns = kept


_COMPARES = re.compile(
    r"\b(than|versus|vs\.?|compare[ds]?|comparison|differ\w*|as \w+ as|better|worse|and|or)\b|和|与|相比", re.I
)


def compares(question: str) -> bool:
    """Whether the question sets things side by side (one of them may be absent: half-known)."""
    return _COMPARES.search(question) is not None


def _holds_subject(paper: Paper, subjects: Sequence[str]) -> bool:
    return names_a_subject(subjects, f"{paper.title} {paper.abstract}")


def compared_papers(finder: RelevanceFinder, routed: RoutedQuestion) -> list[Paper]:
    """The papers a comparison names, in the question's order: each name goes to the paper that
    is most plainly about it (its title, then "we present X", then how often it says X), the
    surest assignments first, each paper used once."""
    analysis = analyse(routed.text)
    quoted = re.findall(r"[‘'“\"]([^’'”\"]{6,200})[’'”\"]", routed.text)
    parts = quoted or compared_items(routed.text, analysis.subjects)
    options: list[tuple[float, int, Paper]] = []
    for order, part in enumerate(parts):
        if not quoted and absent_names(finder.library, part, analysis.subjects):
            return []  # a named thing the library lacks: the answer says so (half-known)
        for rank, relevant in enumerate(finder.rank(part, limit=20)):
            options.append((_about_score(relevant.paper, part) - 0.01 * rank, order, relevant.paper))
    chosen: dict[int, Paper] = {}
    for _, order, paper in sorted(options, key=lambda o: -o[0]):
        if order not in chosen and all(paper.id != p.id for p in chosen.values()):
            chosen[order] = paper
    return [chosen[order] for order in sorted(chosen)]


def _about_score(paper: Paper, name: str) -> float:
    lowered = name.casefold()
    title = 3.0 if lowered in paper.title.casefold() else 0.0
    introduces = re.search(
        rf"\b(present|introduce|propose|call|called|named|develop)\w*\s+(\S+\s+){{0,4}}{re.escape(name)}\b",
        paper.abstract,
        re.IGNORECASE,
    )
    mentions = min(3, paper.abstract.casefold().count(lowered)) * 0.3
    return title + (2.0 if introduces else 0.0) + mentions
