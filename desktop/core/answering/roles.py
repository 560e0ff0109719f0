"""The role a sentence plays in an abstract: the task it addresses, the method, the data or
benchmark, the result; or none of these (background, availability notes).

Abstracts follow a known order (background, gap, contribution, method, experiments, results), and
each role has cue phrases. A sentence's role is the best of its cue scores, nudged by where it
stands; a sentence may carry two roles ("We propose X, which improves Y by 5%")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    TASK = "task"
    METHOD = "method"
    DATA = "data"
    RESULT = "result"
    OTHER = "other"


_CUES: dict[Role, list[tuple[re.Pattern[str], float]]] = {
    Role.TASK: [
        (
            re.compile(
                r"\b(challeng\w*|problem\w*|difficult\w*|limitation\w*|bottleneck|costly|expensive|suffer\w*"
                r"|remains? (unclear|open|unexplored|an open)|lack\w*|struggle\w*|hinder\w*|fail(s|ed)? to|however)\b",
                re.I,
            ),
            0.6,
        ),
        (
            re.compile(
                r"\b(we (study|investigate|address|tackle|consider|explore|examine|ask|focus on)"
                r"|this (paper|work|study) (studies|investigates|addresses|examines|explores|considers|tackles)"
                r"|the (aim|goal|purpose|objective) of|(aim|goal|purpose|objective)s? (is|was) to|to (assess|evaluate|determine|compare) (the )?(efficacy|effects?|safety))\b",
                re.I,
            ),
            0.8,
        ),
        (
            re.compile(
                r"\b(is|are) (a |an )?(key|central|fundamental|important|crucial|critical|long-standing)\b", re.I
            ),
            0.4,
        ),
        (
            re.compile(
                r"\b(usually|typically|often|still|commonly) (needs?|requires?|relies|rely|depends?|takes?)\b"
                r"|\b(needs?|requires?) (careful|expensive|costly|extensive|manual|long)\b",
                re.I,
            ),
            0.5,
        ),
        (re.compile(r"^(objective|background|purpose|aims?)s?\s*[:.]", re.I), 0.9),
        (
            re.compile(
                r"^(recently|traditionally|conventionally|historically|in recent years)\b|\baims? to\b"
                r"|\b(an )?active (area|field) of research\b|\bhas (long )?been shown\b",
                re.I,
            ),
            0.5,
        ),
        (
            re.compile(
                r"^(to|we aimed to|this study aimed to|the aim was to) (compare|assess|evaluate|determine|investigate|examine|study|test)\b",
                re.I,
            ),
            0.85,
        ),
    ],
    Role.METHOD: [
        (
            re.compile(
                r"\b(we (first |then |also |further |additionally |instead )?(propose|present|introduce|develop|design|describe|build|devise|formulate|derive|train|use|employ|leverage|adopt|apply|extend|combine|construct|conduct|create|implement|model|augment)"
                r"|this (paper|work) (proposes|presents|introduces|develops|describes)"
                r"|(our|the proposed) (method|approach|model|framework|algorithm|system|architecture|technique)"
                r"|(is|are) (trained|built|designed|learned|optimized) (to|on|with|by))\b",
                re.I,
            ),
            0.8,
        ),
        (
            re.compile(
                r"\b(consists? of|is based on|relies on|by (using|learning|combining|training|modeling)|via|which (learns|uses|combines|predicts))\b",
                re.I,
            ),
            0.4,
        ),
        (re.compile(r"^(methods?|design|intervention|approach)\s*[:.]", re.I), 0.9),
        (
            # how a study was run: "Driving performance was measured …", "the primary end point was …"
            re.compile(
                r"\b(was|were) (measured|assessed|evaluated|recorded|administered|given|allocated|assigned|calculated"
                r"|analy[sz]ed|performed|obtained|scored|rated|monitored|prohibited|instructed)\b"
                r"|\b(primary|secondary) (end ?points?|outcomes?)\b|\b(treatment|screening|washout|baseline) period\b"
                r"|\b(the )?(core|key|main) idea\b|\bour key insight\b",
                re.I,
            ),
            0.6,
        ),
        (
            # what a named system is made of: "NesTools comprises a novel …", "the algorithm features …"
            re.compile(r"\b(comprises|incorporates|features|presents|introduces|combines) (a|an|the|multiple|two|three|several)\b", re.I),
            0.5,
        ),
        (
            re.compile(
                r"\b(randomi[sz]ed|double[- ]blind|placebo[- ]controlled|crossover|patients (were|received)|subjects (were|received))\b",
                re.I,
            ),
            0.6,
        ),
    ],
    Role.DATA: [
        (
            re.compile(
                r"\b(datasets?|benchmarks?|corpus|corpora|suites?|leaderboards?|testbeds?)\b",
                re.I,
            ),
            0.5,
        ),
        (
            re.compile(
                r"\b(evaluat\w* (\S+ ){0,3}on|experiments? (on|with|in)|tested on|trained on|collected|annotated|gathered"
                r"|on (a|an|the|\S+) (\S+ ){0,4}(benchmarks?|catalog|datasets?|suites?|corpus|testbed)"
                # "on 20 visual control tasks", "across 57 Atari games": tasks and games counted are data
                r"|\d[\d,]* (\S+ ){0,3}(tasks|games|environments|domains))\b",
                re.I,
            ),
            0.6,
        ),
        (
            re.compile(
                r"\b([A-Z][\w-]*(Bench|QA|-\d+[kK]?)|ImageNet|COCO|GLUE|SQuAD|MMLU|GSM8K|Atari|MuJoCo|HumanEval)\b"
            ),
            0.6,
        ),
        (
            re.compile(
                r"\b((?:\d(?:[\d,]*\d)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty"
                r"|fifty|sixty|seventy|eighty|ninety|hundred)(?: [\w-]+){0,3} (patients|participants|subjects|volunteers"
                r"|drivers|users|raters|annotators|students|women|men|infants|mice|rats|children|adults|images|videos"
                r"|samples|examples|papers|documents|sentences|hours|languages|tasks|games|LLMs|models|datasets|benchmarks))\b",
                re.I,
            ),
            0.7,
        ),
        (re.compile(r"^(setting|participants|patients|data sources?|study selection)\s*[:.]", re.I), 0.9),
        (
            # "we introduce X, the first hallucination dataset": a paper whose contribution is its data
            re.compile(
                r"\b(introduc|present|propos|releas|build|construct|curat|creat)\w* (\S+ ){0,8}?(a|an|the)"
                r" (new |novel |first |large-scale |comprehensive )*(\S+ ){0,3}(dataset|corpus)\b",
                re.I,
            ),
            0.9,
        ),
    ],
    Role.RESULT: [
        (
            re.compile(
                r"\b(outperform\w*|achiev\w*|improv\w*|surpass\w*|state[- ]of[- ]the[- ]art|sota|results? (show|demonstrate|suggest|indicate|reveal)"
                r"|we (find|show|demonstrate|observe|report)|(experiments|evaluations?) (show|demonstrate|reveal)|significantly|speed-?up|reduc\w* .{0,30}by|accuracy of|gains?)\b",
                re.I,
            ),
            0.7,
        ),
        (re.compile(r"\d+(\.\d+)?\s*(%|x\b|×|times|points?|pp\b|bleu|f1)", re.I), 0.6),
        (
            re.compile(
                r"\b(conclu\w*|suggest\w* that|indicat\w* that|taken together|overall|in summary|p\s*[<=]\s*0?\.\d+)\b",
                re.I,
            ),
            0.5,
        ),
        (re.compile(r"^(results?|conclusions?|findings)\s*[:.]", re.I), 0.9),
        (
            # a conclusion without a cue word: "The present study demonstrated that X is an effective
            # and safe therapy", "Buserelin may be useful in …", "loratadine was superior to placebo"
            re.compile(
                r"\b(demonstrated|showed|shows|confirms?|confirmed) that\b|\b(is|are|was|were|may be|might be|could be"
                r"|would (appear to )?be|appears? to be|seems? to be) (an? )?([\w-]+ ){0,3}?(effective|efficacious|useful"
                r"|beneficial|superior|inferior|safe and|well tolerated)\b",
                re.I,
            ),
            0.6,
        ),
        (
            # what a study found: "Both treatments were well tolerated", "no significant difference", "Our
            # analysis identifies …", "Lane keeping was impaired after alcohol …"
            re.compile(
                r"\b(well tolerated|no (significant|clinically (significant|relevant)|adverse) ([\w-]+ )?(differences?|effects?"
                r"|changes?|interactions?)|did not (differ|affect|impair|predict|change|alter)|(was|were) (more|less|as)"
                r" (effective|efficacious|impaired|sedating|safe)|(was|were) (impaired|associated|evident|similar|comparable)"
                r"|(our|the|these) (findings|results|analysis|analyses|study|experiments|observations) (show|reveal|highlight"
                r"|identif|indicate|suggest|confirm|demonstrat)\w*|sheds? light|(we|they) (speculate|conclude|confirm)"
                r"|(increased|decreased|reduced|impaired|prevented|relieved|lowered|doubled|halved|worsened))\b",
                re.I,
            ),
            0.55,
        ),
    ],
}
_AVAILABILITY = re.compile(
    r"\b(code|models?|data|weights|checkpoints?) (is|are|will be) (publicly |freely )?(available|released)|https?://|github\.com",
    re.I,
)
ROLE_FLOOR = 0.35


def is_availability(sentence: str) -> bool:
    """"Code is available at https://…": a note, never a cell."""
    return bool(_AVAILABILITY.search(sentence))


@dataclass(frozen=True)
class RoleScores:
    scores: dict[Role, float]

    @property
    def best(self) -> Role:
        role, score = max(self.scores.items(), key=lambda item: item[1])
        return role if score >= ROLE_FLOOR else Role.OTHER

    def has(self, role: Role) -> bool:
        return self.scores.get(role, 0.0) >= ROLE_FLOOR


def role_scores(sentence: str, position: int, count: int) -> RoleScores:
    """Cue scores for each role, weighted by the sentence's place in the abstract."""
    if _AVAILABILITY.search(sentence):
        return RoleScores({role: 0.0 for role in Role if role is not Role.OTHER})
    place = position / max(1, count - 1) if count > 1 else 0.5
    scores: dict[Role, float] = {}
    for role, cues in _CUES.items():
        score = max((weight for pattern, weight in cues if pattern.search(sentence)), default=0.0)
        scores[role] = score
    if position == 0:  # an abstract opens with what the work is about
        scores[Role.TASK] = max(scores[Role.TASK], 0.4)
    scores[Role.TASK] *= 1.2 if place < 0.4 else 0.7
    scores[Role.RESULT] *= 1.2 if place > 0.5 else 0.8
    if position == 0 and count > 2:  # "Recent advances have significantly improved…" sets the scene
        scores[Role.RESULT] *= 0.6
    scores[Role.METHOD] *= 1.1 if 0.15 <= place <= 0.75 else 0.9
    return RoleScores(scores)


def label_roles(sentences: Sequence[str]) -> list[RoleScores]:
    return [role_scores(s, i, len(sentences)) for i, s in enumerate(sentences)]


def best_for(role: Role, sentences: Sequence[str], used: set[int] | None = None) -> int | None:
    """The index of the sentence that best plays a role (None when none does)."""
    used = used or set()
    labelled = label_roles(sentences)
    candidates = [
        (labelled[i].scores[role], -i, i) for i in range(len(sentences)) if i not in used and labelled[i].has(role)
    ]
    if not candidates:
        return None
    return max(candidates)[2]
