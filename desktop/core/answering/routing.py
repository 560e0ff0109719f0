"""Which kind of answer a question wants, read from its phrasing, not from single words.

- library: about the library itself (how many papers, which dumps, years, languages, authors, tags,
  the reading list); answered from metadata.
- listing: "which papers in my library are about X", "what approaches to X are there": every
  relevant paper, one line each. A filter in the question ("my 2023 papers") narrows it.
- topic: "summarize what my library says about X", "give me an overview of X": themes.
- compare: "compare X and Y", "how does X differ from Y".
- paper: anything else, about one paper or one thing (what it is, how it works, which data…).

"Which language model did they use" is a paper question: words like "language" or "papers" route
only inside the phrases that make them about the library."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop.core.answering.asked import asked
from desktop.core.base.filters import SearchFilters
from desktop.core.text.cjk import has_cjk


class Route(StrEnum):
    LIBRARY = "library"
    LISTING = "listing"
    TOPIC = "topic"
    COMPARE = "compare"
    PAPER = "paper"


class LibraryAspect(StrEnum):
    COUNT = "count"
    YEARS = "years"
    SOURCES = "sources"
    LANGUAGES = "languages"
    AUTHORS = "authors"
    NEWEST = "newest"
    OLDEST = "oldest"
    TAGS = "tags"
    READING = "reading"
    STARRED = "starred"


@dataclass(frozen=True)
class RoutedQuestion:
    """topic: the question without its routing phrase ("which papers … about"); filters: what the
    question narrows the library to (a year, a language, an author)."""

    text: str
    route: Route
    topic: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    aspect: LibraryAspect | None = None
    chinese: bool = False


_MY = r"(?:my|the|this|our|in (?:my|the|this) (?:library|collection))"
_PAPERS = r"(?:papers?|articles?|abstracts?|records?|items?|publications?|works?|studies|entries|documents?)"
_LIBRARY_NOUN = r"(?:library|collection|dumps?|imports?|sources?|files?|listings?)"

_LIBRARY_PATTERNS: list[tuple[LibraryAspect, re.Pattern[str]]] = [
    (
        LibraryAspect.SOURCES,
        re.compile(
            rf"\b(?:which|what) (?:dumps|files|listings|sources|exports)\b(?! (?:of|about|on) )"
            rf"|\b(?:dumps?|files?) (?:did|have) i\b|\bwhere (?:do|did|does) (?:my|the) {_PAPERS} come from\b"
            rf"|\b(?:list|show) (?:me )?(?:my|the) (?:dumps|imports|sources|files)\b|\bwhat (?:have|did) i import"
            rf"|\bhow many (?:different |distinct )?(?:dumps|files|sources|imports|exports)\b",
            re.I,
        ),
    ),
    (
        LibraryAspect.LANGUAGES,
        re.compile(
            rf"\b(?:which|what) languages? (?:are|is|do) (?:my |the )?{_PAPERS}\b|\b{_PAPERS} (?:by|per) language\b"
            rf"|\blanguages? (?:of|in) (?:my|the) (?:{_PAPERS}|library|collection)\b"
            rf"|\bin (?:which|what) languages?\b|\bby language\b|\b(?:most common|main) language\b"
            rf"|\b(?:share|proportion|percentage|fraction|part) of my (?:{_PAPERS}|library|collection) (?:is |are )?"
            rf"(?:in|written in) (?:english|chinese)\b",
            re.I,
        ),
    ),
    (
        LibraryAspect.YEARS,
        re.compile(
            rf"\b{_PAPERS} (?:by|per) year\b|\b(?:which|what) years?\b.*\b(?:my|in my) (?:{_PAPERS}|library|collection)\b"
            rf"|\byears? (?:do|does) my\b"
            rf"|\bhow (?:are|is) my {_PAPERS} (?:spread|distributed)\b|\b(?:publication|date) (?:years?|range)\b"
            rf"|\brange of (?:publication )?years\b|\b(?:which|what) year (?:has|had|holds) the most\b",
            re.I,
        ),
    ),
    (
        LibraryAspect.AUTHORS,
        re.compile(
            rf"\b(?:which|what|who are the) (?:most )?(?:frequent|common|prolific|top) authors?\b"
            rf"|\bwho (?:has |have )?(?:wrote|written|authored|published) (?:the )?most\b"
            rf"|\bauthors? (?:with|of|has|have) the most {_PAPERS}\b|\b(?:which|what) authors?\b.*\bmost\b"
            rf"|\b(?:which|who) authors? (?:appear|occur)s? most\b",
            re.I,
        ),
    ),
    (
        LibraryAspect.NEWEST,
        re.compile(rf"\b(?:newest|latest|most recent|recently (?:added|imported)) {_PAPERS}\b(?!.* about )", re.I),
    ),
    (
        LibraryAspect.OLDEST,
        re.compile(rf"\b(?:oldest|earliest) (?:{_PAPERS}|ones?)\b(?!.* about )|\b(?:oldest|earliest)\b.*\b(?:library|collection)\b", re.I),
    ),
    (
        LibraryAspect.TAGS,
        re.compile(r"\b(?:which|what) tags\b|\bmy tags\b|\btags (?:do|did) i\b|\btagged\b|\bwith the tag\b", re.I),
    ),
    (LibraryAspect.READING, re.compile(r"\breading list\b|\bto read\b(?= list| next)", re.I)),
    (LibraryAspect.STARRED, re.compile(r"\b(?:my )?starred\b", re.I)),
    (
        LibraryAspect.COUNT,
        re.compile(
            rf"\bhow many (?:[\w-]+ ){{0,2}}{_PAPERS}\b|\bnumber of {_PAPERS}\b|\bhow (?:big|large) is my {_LIBRARY_NOUN}\b"
            rf"|\bcount (?:of )?(?:my )?{_PAPERS}\b",
            re.I,
        ),
    ),
]
_CJK_LIBRARY: list[tuple[LibraryAspect, re.Pattern[str]]] = [
    (LibraryAspect.COUNT, re.compile(r"(?:多少|几)(?:篇|个|份)?.{0,10}?(?:论文|文献|文章|摘要)")),
    (LibraryAspect.SOURCES, re.compile(r"(?:哪些|什么)(?:文件|来源|导入)")),
    (LibraryAspect.LANGUAGES, re.compile(r"(?:哪些|什么)语言")),
    (LibraryAspect.AUTHORS, re.compile(r"(?:哪些|哪位|谁).*作者.*最多|作者.*(?:最多|排名)")),
    (LibraryAspect.NEWEST, re.compile(r"最新的(?:论文|文献|文章)")),
    (LibraryAspect.YEARS, re.compile(r"(?:哪些|各)年(?:份)?|按年")),
]

_PLURAL_PAPERS = r"(?:papers|articles|abstracts|records|items|publications|works|studies|entries|documents)"
# "Which physics papers …", "What clinical studies …": a word or two may say what kind of papers
_KIND_WORDS = rf"(?:(?!of\b|the\b|my\b|{_PAPERS}\b)[a-z][\w-]* ){{0,2}}"
_TOPIC_VERBS = (
    r"(?:about|on the topic of|related to|concerning|regarding|that (?:use|study|address)"
    r"|(?:that |which )?(?:use|uses|using|stud(?:y|ies)|address(?:es)?|propose|proposes|report|reports|evaluate"
    r"|evaluates|mention|mentions|discuss|discusses|cover|covers|deal with|deals with|focus on|focuses on))"
)
_CASUAL_ANY = r"^\s*(?:got |are there |and )?any "
_LISTING = re.compile(
    rf"^\s*(?:which|what) {_PLURAL_PAPERS}\b|\b(?:which|what) (?:of )?(?:my |the )?(?:\d{{4}} )?{_PLURAL_PAPERS}\b"
    rf"|^\s*(?:which|what) (?:of )?(?:my |the )?{_KIND_WORDS}{_PLURAL_PAPERS}\b"
    rf"|\b(?:which|what) {_PAPERS} (?:in|from) {_MY}\b"
    rf"|\b(?:list|show|find|name|give me|are there|do i have|have i got|is there anything)\b.*\b{_PLURAL_PAPERS}\b"
    rf"|\b(?:what|which) (?:approaches|methods|techniques|models|datasets|benchmarks|ideas|directions|work)"
    rf" (?:to|for|on|in|about|of|exist|are|using|that use|based on)\b.*\b(?:library|collection|papers|have)\b"
    rf"|^\s*(?:please |can you |could you )?(?:list|enumerate)\b|\bdo i have (?:any(?:thing)?|papers?|something)\b"
    rf"|\banything (?:on|about)\b|\bhow many {_PAPERS}\b.*\b(?:on|{_TOPIC_VERBS})\b"
    rf"|{_CASUAL_ANY}{_PLURAL_PAPERS}\b",  # "any papers on treating cough?"
    re.I,
)
_CJK_LISTING = re.compile(
    r"(?:哪些|有没有|列出|列举|(?:帮我|请)?(?:找|查|搜)(?:一下|一找|找|查|搜)?)"
    r".*(?:论文|文献|文章|研究|工作|报告|病例)|(?:论文|文献).*(?:哪些|有没有)"
)
_TOPIC = re.compile(
    r"\b(?:summari[sz]e|summary of|(?:an |the )?overview of|what does my (?:library|collection) (?:say|tell me)"
    r"|what do my (?:[\w-]+ )?papers (?:say|tell me)|what (?:is|has) (?:known|been (?:done|said|found))|state of (?:the )?(?:art|research)"
    r"|main (?:themes|ideas|findings)|give me (?:a|an) (?:summary|overview|picture)|synthes[iy][sz]e|trends in"
    r"|what have (?:my )?papers)\b",
    re.I,
)
_CJK_TOPIC = re.compile(r"总结|概述|综述|概括|归纳|研究现状|讲了些什么|说了些什么|都讲了|都说了|有什么发现")
_COMPARE = re.compile(
    r"^\s*(?:please |can you |could you )?compare\b|\bcompar(?:e|ing|ison (?:of|between))\b.*\b(?:and|with|to|vs\.?|versus)\b"
    r"|\b(?:differ|difference|differences) between\b|\bhow (?:does|do|is|are) .+ (?:differ|compare)\b"
    r"|\b\w[\w-]* (?:vs\.?|versus) \w|\bcontrast\b",
    re.I,
)
# A question about one named paper ("the survey", "this study", "the authors") stays a paper question
# even when it says "overview", "list" or "compared with", unless it opens with a listing or summary.
_ONE_PAPER = re.compile(
    r"\b(?:the|this|that|its|their) (?:paper|study|survey|trial|article|preprint|meta-analysis|review|report|work)\b"
    r"(?! (?:in|from) (?:my|the) (?:library|collection))|\bthe authors\b|\b(?:they|the paper) (?:use|used|report|propose)",
    re.I,
)
# "In the two-week trial of X versus Y, what share…": one trial, named by what it tested; not when
# several things are set side by side ("How do the X method, Y and the Z paper differ…")
_ONE_DESCRIBED_PAPER = re.compile(
    r"\b(?:the|this|that) (?:[\w-]+ ){1,2}?(?:paper|study|trial|article|preprint|meta-analysis|report)\b(?! and\b)", re.I
)
_SEVERAL_SIDE_BY_SIDE = re.compile(r"^\s*how do\b|\bdiffer\b|\bcompared? (?:them|these|the \w+)\b", re.I)
_OPENS_LISTING = re.compile(rf"^\s*(?:which|what) (?:of )?(?:my |the )?(?:\d{{4}} )?{_KIND_WORDS}{_PLURAL_PAPERS}\b", re.I)
_OPENS_ANOTHER_KIND = re.compile(
    r"^\s*(?:please |can you |could you )?(?:summari[sz]e|compare|contrast|list|enumerate|give me (?:a|an) (?:summary|overview))\b",
    re.I,
)
_CJK_COMPARE = re.compile(r"比较|对比|区别|异同")
_OPENS_TOPIC = re.compile(
    r"^\s*(?:what (?:does|do) my (?:library|collection|(?:[\w-]+ )?papers) (?:say|tell me)"
    r"|what (?:can|could) my (?:library|collection|(?:[\w-]+ )?papers) tell me|(?:please )?summari[sz]e (?:what )?my\b"
    r"|give me (?:a|an) (?:summary|overview))",
    re.I,
)

_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_YEAR_FILTER = re.compile(
    rf"\b(?:from|in|of|published in|dated|since)\s+(19[5-9]\d|20[0-4]\d)\b|\bmy (19[5-9]\d|20[0-4]\d) {_PAPERS}\b"
    rf"|\b(19[5-9]\d|20[0-4]\d) {_PAPERS}\b|(?<!\d)(19[5-9]\d|20[0-4]\d)(?=年)",
    re.I,
)
_LANGUAGE_FILTER = re.compile(
    r"\b(chinese|english)\b(?= (?:papers?|abstracts?|articles?|ones|records?|publications?)|\s*[?.!]?\s*$)", re.I
)
_CJK_LANGUAGE = re.compile(r"中文|汉语")
_AUTHOR_FILTER = re.compile(
    r"\b(?:by|from|authored by|written by)\s+([A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?)\s*"
    r"(?:[?.!]|$|,| about| on| are| is| that| which| do| did| have| has| in)"
)

_LEADS = [
    re.compile(
        rf"^\s*(?:which|what) (?:of )?(?:my |the )?(?:(?:19|20)\d\d )?(?:chinese |english )?{_KIND_WORDS}{_PAPERS}"
        rf"(?: (?:in|from) {_MY}(?: library| collection)?)?(?: (?:are|is|were|was|do|does|did|have|has))?"
        rf"(?: (?:i have|i own|i keep))?(?: (?:from|in) (?:19|20)\d\d)?"
        rf"(?: (?:talk|deal|deals|dealing|concerned|work|works|working) (?:about|with|on))?"
        rf"(?: (?:about|on|of|on the topic of|related to|concerned with|dealing with|discuss(?:es|ing)?|uses?|using"
        rf"|stud(?:y|ies|ying)|address(?:es)?|examines?|investigates?|covers?|focus(?:es)? on|proposes?|mentions?"
        rf"|reports?|evaluates?|look at|looks at))?\s*",
        re.I,
    ),
    re.compile(
        rf"^\s*(?:please |can you |could you )?(?:list|show|find|name|give me(?! (?:a|an) (?:summary|overview)))(?: me)?"
        rf"(?: all| the| every)?(?: (?:my|the))?(?: {_PAPERS}| (?:methods|approaches|techniques|work)(?: (?:for|to|on))?)?"
        rf"(?: (?:in|from) {_MY}(?: library| collection)?)?(?: (?:about|on|related to|that|which))?\s*",
        re.I,
    ),
    re.compile(
        rf"^\s*(?:do i have|have i got|are there|is there)(?: any(?:thing)?| some)?(?: {_PAPERS})?"
        rf"(?: (?:in|from) {_MY}(?: library| collection)?)?(?: (?:about|on|related to|{_TOPIC_VERBS}))?\s*",
        re.I,
    ),
    re.compile(
        rf"{_CASUAL_ANY}{_PAPERS}(?: (?:in|from) {_MY}(?: library| collection)?)?"
        rf"(?: (?:about|on|related to|{_TOPIC_VERBS}))?\s*",
        re.I,
    ),
    re.compile(
        r"^\s*(?:please )?(?:summari[sz]e|give me (?:a|an) (?:summary|overview) of|overview of|synthesi[sz]e)"
        r"(?: what)?(?: (?:my|the|this) (?:library|collection|papers))?(?: (?:says|say|has|have|knows?|covers?|holds?|contains?))?"
        r"(?: (?:about|on|of|regarding))?\s*",
        re.I,
    ),
    re.compile(
        r"^\s*what (?:does|do) (?:my|the) (?:library|collection|(?:[\w-]+ )?papers)(?: say| have| tell me)?"
        r"(?: (?:about|on|regarding))?\s*",
        re.I,
    ),
    re.compile(
        rf"^\s*how many {_PAPERS}(?: (?:do|did) i have)?(?: (?:in|from) {_MY}(?: library| collection)?)?"
        rf"(?: (?:are|is))?(?: (?:on|{_TOPIC_VERBS}))(?: results)?(?: on)?\s*",
        re.I,
    ),
    re.compile(
        r"^\s*(?:what|which) (?:approaches|methods|techniques|models|datasets|benchmarks|ideas|work)"
        r" (?:to|for|on|in|about|of|using|that use|based on)\s*",
        re.I,
    ),
]
_TRAILS = re.compile(
    rf"\s*(?:in|from) (?:my|the|this) (?:library|collection|{_PAPERS})\s*$|\s*(?:are|is) (?:there )?in (?:my|the)"
    rf" (?:library|collection)\s*$|\s*(?:do i have|are there|exist)\s*$",
    re.I,
)
# "in Chinese", "Chinese papers": the language filter, not the topic
_LANGUAGE_WORDS = re.compile(
    rf"\b(?:(?:are |is )?(?:written )?in (?:chinese|english)|(?:chinese|english)(?= {_PAPERS}\b))\b", re.I
)
_CJK_ABOUT = re.compile(r"关于(.+?)(?:的(?:论文|文献|研究|文章|工作)|的?(?:都|有哪些|讲了|说了)|的?[?？。]|的?$)")
_CJK_ASKING = re.compile(
    r"文献库里|文献库中|论文库里|论文库中|我收藏的|我保存的|我的|文献库|论文库|库里|库中|里面|中文|英文|论文|文献|文章|研究|工作|有哪些|哪些|有没有|什么|是否|吗|呢|请|总结|概述|综述|概括|归纳"
    r"|帮我|找一下|查一下|搜一下|找找|一下"
    r"|列出|列举|比较|对比|区别|异同|[?？。，,]"
)
# What is left around a Chinese topic once the asking words are gone: "是分析…天气的" is 分析…天气;
# a verb of discussing opens no topic ("讨论工业废水…工艺的": 工业废水…工艺).
_CJK_FRAME = re.compile(r"^(?:[\s的了是里]|讨论|探讨|涉及|介绍|关注)+|[\s的了是]+$|的(?=\s)")
# "theoretical or numerical papers on X", "physics papers on X": the kind of paper, then the topic
_PAPER_KIND = re.compile(rf"^(?:[\w-]+ (?:or|and) )?(?:[\w-]+ ){{1,2}}?{_PAPERS} (?:on|about|in|of)\s+", re.I)
# "graph neural networks as a core part of the method": how central the topic is, not the topic
_CENTRAL_PART = re.compile(
    r"\s+as (?:a|an|the) (?:core|central|main|key|major|integral) (?:part|component|element|ingredient|tool|building block)\b.*$",
    re.I,
)
_IN_MY_LIBRARY = re.compile(r"\s*\b(?:in|from) (?:my|the|this) (?:library|collection)\b", re.I)


def route(question: str, has_selection: bool = False) -> RoutedQuestion:
    """The kind of answer the question wants, with its topic and its filters."""
    text = asked(question)
    chinese = has_cjk(text)
    filters = _filters(text)
    aspect = _library_aspect(text, chinese)
    if aspect is not None and not _asks_about_topic(text, aspect):
        return RoutedQuestion(text, Route.LIBRARY, "", filters, aspect, chinese)
    opens_listing = _OPENS_LISTING.search(text) is not None
    one_paper = _ONE_PAPER.search(text) or (_ONE_DESCRIBED_PAPER.search(text) and not _SEVERAL_SIDE_BY_SIDE.search(text))
    if not chinese and one_paper and not opens_listing and not _OPENS_ANOTHER_KIND.search(text):
        return RoutedQuestion(text, Route.PAPER, text, SearchFilters(), None, chinese)
    opens_topic = _OPENS_TOPIC.search(text) is not None  # "What does my library say about X and how it compares…"
    if not opens_listing and not opens_topic and (_COMPARE.search(text) or (chinese and _CJK_COMPARE.search(text))):
        return RoutedQuestion(text, Route.COMPARE, _strip(text), filters, None, chinese)
    if not opens_listing and (_TOPIC.search(text) or (chinese and _CJK_TOPIC.search(text))):
        return RoutedQuestion(text, Route.TOPIC, _strip(text), filters, None, chinese)
    if _LISTING.search(text) or (chinese and _CJK_LISTING.search(text)):
        topic = _strip(text)
        if not topic:  # "Which papers are from 2009?": the papers the filters leave, newest first
            return RoutedQuestion(text, Route.LIBRARY, "", filters, LibraryAspect.NEWEST, chinese)
        if filters.author:
            by = rf"^(?:i have |do i have )?(?:by|from|written by|authored by) {re.escape(filters.author)}"
            rest = re.sub(by + r"(?: (?:are|is|that are|which are))?(?: (?:about|on))?\s*", "", topic, flags=re.I)
            if not rest.strip():
                return RoutedQuestion(
                    text, Route.LIBRARY, "", filters, LibraryAspect.NEWEST, chinese
                )  # an author's papers
            topic = rest
        return RoutedQuestion(text, Route.LISTING, topic, filters, None, chinese)
    return RoutedQuestion(text, Route.PAPER, text, SearchFilters(), None, chinese)


def with_topic(routed: RoutedQuestion, topic: str) -> RoutedQuestion:
    return replace(routed, topic=topic)


def _library_aspect(text: str, chinese: bool) -> LibraryAspect | None:
    patterns = _CJK_LIBRARY if chinese else _LIBRARY_PATTERNS
    for aspect, pattern in patterns:
        if pattern.search(text):
            return aspect
    return None


def _asks_about_topic(text: str, aspect: LibraryAspect) -> bool:
    """'How many papers about RL do I have from 2023?' counts a topic: a listing with a count."""
    if aspect not in (LibraryAspect.COUNT, LibraryAspect.NEWEST, LibraryAspect.STARRED, LibraryAspect.READING):
        return False
    return re.search(rf"\b{_TOPIC_VERBS}\s+\w", text, re.I) is not None or "关于" in text


def _filters(text: str) -> SearchFilters:
    year_match = _YEAR_FILTER.search(text)
    year = next((int(g) for g in year_match.groups() if g), None) if year_match else None
    lang = ""
    language = _LANGUAGE_FILTER.search(text)
    if language:
        lang = "zh" if language.group(1).casefold() == "chinese" else "en"
    elif _CJK_LANGUAGE.search(text):
        lang = "zh"
    author_match = _AUTHOR_FILTER.search(text)
    author = author_match.group(1) if author_match and not _YEAR.fullmatch(author_match.group(1)) else ""
    return SearchFilters(lang=lang, year=year, author=author)


def _asks_filter_only(text: str) -> bool:
    """A question whose words, filters aside, only route it ("我的文献库里有哪些2009年的论文")."""
    return bool(_filters(text).active)


def _strip(text: str) -> str:
    """The topic: the question without the phrase that routed it, its filters or its '?'."""
    topic = text.strip().rstrip("?？.!。 ")
    lead_only = False  # "Which papers in my library are from 2009": a filter, no topic
    for lead in _LEADS:
        stripped = lead.sub("", topic, count=1)
        if stripped != topic and stripped.strip():
            lead_only = not _TRAILS.sub("", _YEAR_FILTER.sub("", stripped).strip()).strip()
            topic = stripped
            break
        if stripped != topic and not has_cjk(topic):
            return ""
    if lead_only:
        return ""
    topic = _YEAR_FILTER.sub("", topic)
    topic = _TRAILS.sub("", topic.strip())
    if has_cjk(topic):
        about = _CJK_ABOUT.search(topic)
        topic = about.group(1) if about else _CJK_ASKING.sub(" ", topic)
        topic = re.sub(r"(?:^|\s)年的?(?=\s|$)", " ", topic)  # what the year filter leaves: "2009年的"
        topic = "" if re.fullmatch(r"[\s的了是在有和与里中]*", topic) else topic
        topic = _CJK_FRAME.sub("", topic.strip()) or topic
    else:
        topic = _LANGUAGE_WORDS.sub("", topic)
        topic = _CENTRAL_PART.sub("", _IN_MY_LIBRARY.sub("", _PAPER_KIND.sub("", topic.strip())))
    topic = re.sub(
        r"^\s*(?:(?:are|is|were|was) )?(?:about|on|the topic of|regarding|touch(?:es)? (?:on|upon))\s+", "", topic, flags=re.I
    )
    topic = re.sub(r"\s+", " ", topic).strip(" ,;:")
    return topic if topic or lead_only or _asks_filter_only(text) else text
