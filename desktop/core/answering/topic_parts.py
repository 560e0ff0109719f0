"""A topic read as the alternatives a paper may hold: "NeRF or 3D Gaussian splatting" is two, a
term with its alias in brackets is read either way, and what only explains or exemplifies the
topic ("machine unlearning, i.e. making a model forget data, skills or features") is not a topic
of its own: a paper saying "features" is not about machine unlearning."""

from __future__ import annotations

import re

from desktop.core.text.cjk import cjk_words, has_cjk

_ALTERNATIVES = re.compile(r"\s+or\s+|\s*/\s*|、|或者|或", re.I)
_PARALLEL = re.compile(r"\s+or\s+(?:on|about|in|of|for|with|regarding)\s+", re.I)
_PARALLEL_START = re.compile(r"^(?:on|about|in|of|for|with|regarding)\s+", re.I)
_BRACKETS = re.compile(r"\s*[(（]([^)）]*)[)）]")
_ALIAS = re.compile(r"([\w-]+)\s*[(（]([^)）]{1,40})[)）]")
_EXAMPLES = re.compile(
    # "optimizers for deep networks: batch-size scaling, schedules, Adam vs Muon": the colon lists instances
    r",?\s+(?:such as|e\.g\.,?|for example|for instance|including|like)\s+|:\s+"
    r"|[，,]?\s*(?:比如|例如|诸如|包括)[:：]?\s*",
    re.I,
)
# What only explains the topic: "X, i.e. …", "X, that is …", "X — learning new tasks without …".
_EXPLANATION = re.compile(
    r",?\s+(?:i\.e\.|ie\.|that is|namely|in other words|meaning)[,:]?\s.*$|\s+(?:[—–]|--?)\s+.*$|\s*——.*$", re.I
)
# A bracket that explains ("networks that generate the weights …", "in the number-theory sense")
# or lists kinds ("cold, cholinergic and dermographic urticaria") rather than giving an alias.
_EXPLAINING_BRACKET = re.compile(r"^(?:i\.e\.|e\.g\.|ie\b|eg\b|in the\b|that\b|which\b|such as\b|including\b)|[,，;；]", re.I)
EXPLAINING_WORDS = 4
_LINKING = frozenset(["of", "the", "for", "and", "in", "on", "a", "an", "to", "with", "as", "that", "which", "other"])
# An "or" piece with under this share of the longest piece's words leans on the others' words:
# in "extracting or modeling physical laws", "extracting" is about physical laws too.
SHORT_PIECE, SHORT_CJK_PIECE = 0.6, 1 / 3
# A Chinese one-word piece beside a piece of this many words is short too: 分析 in
# "分析或预报灾害性天气" is about the weather.
CJK_PHRASE_WORDS = 3
# A Chinese bracket that lists with 、 gives examples: "城市园林绿化(大树移植、草坪)".
_LISTING_BRACKET = re.compile(r"\s*[(（]([^)）]*、[^)）]*)[)）]")


def topic_alternatives(topic: str) -> list[str]:
    """The topic's alternatives: parts joined by "or" (with the items of a comma list before it:
    "browsers, phones or GUIs"; "X, such as A or B" is X alone), a term with its alias in
    brackets ("neural radiance fields (NeRF)") read either way, and a term of three or four words
    by its initials ("graphical user interfaces": GUI)."""
    core = _without_explanations(_brackets_as_examples(topic))
    variants = [core]
    alias = _ALIAS.search(core)
    if alias:
        start = _aliased_start(core, alias)
        variants = [core[: alias.start()] + alias.group(1) + core[alias.end() :]]
        # "合成孔径雷达（SAR/InSAR）成像": each alias stands in the phrase ("SAR成像", "InSAR成像")
        for name in re.split(r"\s*/\s*", alias.group(2)):
            variants.append(core[:start] + name + core[alias.end() :])
    split = [_pieces(variant) for variant in variants]
    longest = max((len(_content_words(piece)) for pieces in split for piece in pieces), default=0)
    parts = [
        part
        for variant, pieces in zip(variants, split, strict=True)
        # "black holes or on solutions of Einstein's equations": two topics, each whole
        for part in (
            [_PARALLEL_START.sub("", piece) for piece in pieces]
            if _PARALLEL.search(variant)
            else _lean_on_the_others(pieces, longest)
        )
    ]
    parts += [initials for part in parts if (initials := _initials(part))]
    return list(dict.fromkeys(p for p in parts if p))


def topic_examples(topic: str) -> list[tuple[str, str]]:
    """The examples the topic gives of a kind ("insect-bite reactions such as mosquito bites";
    "immunotherapy, such as oral or local nasal routes"; "optimizers: Adam, Muon"), each with the piece it exemplifies. A
    paper on an example is on the topic; "including how to detect them" is no example."""
    core = _without_explanations(_brackets_as_examples(topic))
    alias = _ALIAS.search(core)
    if alias:
        core = core[: alias.start()] + alias.group(1) + core[alias.end() :]
    kind, *examples = _EXAMPLES.split(core, maxsplit=1)
    if not examples or re.match(r"(?:how|what|why|whether|when|where)\b", examples[0], re.I):
        return []
    kinds = _pieces(kind)
    if not kinds:
        return []
    # "分析或预报灾害性天气，比如台风": a typhoon paper analyses or forecasts; each kind is exemplified
    kinds = _lean_on_the_others(kinds, max(len(_content_words(k)) for k in kinds))
    return [(example, kind) for example in _pieces(examples[0], examples_too=True) for kind in kinds]


def _brackets_as_examples(topic: str) -> str:
    """A Chinese bracket listing items with 、 read as examples ("X(A、B)" as "X，比如A、B"), not as an
    alias of the words before it."""
    return _LISTING_BRACKET.sub(lambda m: "，比如" + m.group(1) + ("，" if m.end() < len(topic) else ""), topic)


def _aliased_start(text: str, alias: re.Match[str]) -> int:
    """Where the words the alias stands for begin: "neural radiance fields (NeRF)" and "3D Gaussian
    splatting (3DGS)" name three words, "mixture-of-experts (MoE)" one hyphenated one; a
    multi-word alias ("over-optimization (reward hacking)") takes as many words as it has."""
    inside = alias.group(2).strip()
    words = list(re.finditer(r"[^\W_]+", text[: alias.end(1)]))
    letters = [c for c in inside.upper() if c.isalnum()]
    if " " not in inside and sum(c.isupper() for c in inside) >= 2:
        for count in range(min(6, len(words)), 1, -1):
            initials = iter(letters)
            heads = [w.group(0)[0].upper() for w in words[-count:]]
            if heads[0] == letters[0] and all(head in initials for head in heads):
                return words[-count].start()
        return alias.start(1)
    spaced = list(re.finditer(r"[\w-]+", text[: alias.end(1)]))
    count = min(len(inside.split()), len(spaced))
    return spaced[-count].start() if count > 1 and not has_cjk(inside) else alias.start(1)


def _without_explanations(topic: str) -> str:
    """The topic without what explains it: brackets that explain or list kinds, and trailing
    "i.e." or "and how to" clauses. Aliases in brackets stay."""

    def bracket(match: re.Match[str]) -> str:
        inside = match.group(1).strip()
        explains = _EXPLAINING_BRACKET.search(inside) or (
            not has_cjk(inside) and len(inside.split()) >= EXPLAINING_WORDS
        )
        return "" if explains else match.group(0)

    core = _BRACKETS.sub(bracket, topic)
    core = _EXPLANATION.sub("", core)
    return re.sub(r"\s+", " ", core).strip(" ,;") or topic.strip()


def _pieces(variant: str, examples_too: bool = False) -> list[str]:
    example = variant if examples_too else _EXAMPLES.split(variant)[0]  # "X, such as A or B": X (A, B in topic_examples)
    pieces = [piece.strip(" ,;") for piece in _ALTERNATIVES.split(example)]
    if len(pieces) > 1:  # "a, b or c": each item of the list is an alternative
        pieces = [item.strip() for piece in pieces[:-1] for item in piece.split(",")] + pieces[-1:]
    elif examples_too:  # "optimizers: batch-size scaling, schedules, Adam vs Muon": each example too
        pieces = [item.strip() for item in pieces[0].split(",")]
    return [piece for piece in pieces if piece]


def _content_words(piece: str) -> list[str]:
    if has_cjk(piece):
        return cjk_words(piece)
    return [w for w in re.findall(r"[\w-]+", piece) if w.casefold() not in _LINKING and not w.endswith("ly")]


def _lean_on_the_others(pieces: list[str], longest: int) -> list[str]:
    """Pieces much shorter than the longest borrow the words they share with it: the first piece
    the rest of the next one ("extracting or modeling physical laws": extracting physical laws;
    "中药或中西医结合治疗急性脑梗死": 中药…治疗急性脑梗死), a later piece the start of the first
    ("splatting as the scene or object representation": splatting as the object representation).
    Names stand alone."""
    if len(pieces) < 2:
        return pieces
    leaned = []
    for index, piece in enumerate(pieces):
        words = _content_words(piece)
        is_name = len(words) == 1 and any(c.isupper() or c.isdigit() for c in words[0][1:])
        chinese = has_cjk(piece)
        short = SHORT_CJK_PIECE if chinese else SHORT_PIECE  # jieba cuts terms finer
        one_word = chinese and len(words) == 1 and longest >= CJK_PHRASE_WORDS and index < len(pieces) - 1
        if is_name or (len(words) >= short * longest and not one_word):
            leaned.append(piece)
        elif chinese and index < len(pieces) - 1:
            # Chinese puts what the items share after them: 土壤、湖泊或河流沉积物中重金属污染
            leaned.append(piece + _after_first_word(pieces[-1]))
        elif index == 0:
            leaned.append(piece + _after_first_word(pieces[1]))
        else:
            leaned.append(_before_last_word(pieces[0]) + piece)
    return leaned


def _after_first_word(piece: str) -> str:
    """The piece after its first content word, with the space before what follows."""
    words = _content_words(piece)
    if len(words) < 2:
        return ""
    if has_cjk(piece):
        return piece[piece.find(words[0]) + len(words[0]) :]
    rest = piece.split(maxsplit=1)
    return " " + rest[1]


def _before_last_word(piece: str) -> str:
    words = _content_words(piece)
    if len(words) < 2:
        return ""
    if has_cjk(piece):
        return piece[: piece.rfind(words[-1])]
    return piece.rsplit(maxsplit=1)[0] + " "


def _initials(part: str) -> str:
    words = part.split()
    if not 3 <= len(words) <= 4 or not all(w.isalpha() and w.casefold() not in _LINKING for w in words):
        return ""
    return "".join(w[0] for w in words).upper()
