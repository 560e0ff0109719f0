"""The one definition of a CJK (Han) character: unified ideographs, extension A and the
compatibility block. Every rule about Chinese text builds on these."""

from __future__ import annotations

import re

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
# CJK text with its own punctuation and full-width forms (the spaces between them are no word breaks).
CJK_TEXT_RANGES = CJK_RANGES + "\u3000-\u303f\uff00-\uffef"


def has_cjk(text: str) -> bool:
    return CJK_CHAR.search(text) is not None


def is_cjk_run(text: str) -> bool:
    """Whether the text is CJK characters only (one Chinese term, matched as written)."""
    return CJK_RUN.fullmatch(text) is not None


def cjk_share(text: str) -> float:
    """The share of the text's letters that are CJK characters."""
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if CJK_CHAR.match(c)) / len(letters) if letters else 0.0


def cjk_bigrams(text: str) -> set[str]:
    """The overlapping character pairs of every CJK run (one-character runs as themselves): the
    units Chinese text is matched by when no word segmenter is at hand."""
    grams: set[str] = set()
    for run in CJK_RUN.findall(text):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams

# Words of Chinese questions that ask rather than say what about.
CJK_ASKING = re.compile(
    r"什么|哪些|哪个|哪种|多少|如何|怎样|怎么|为什么|是否|有没有|相比|比较|对比|区别|异同|请问|请|吗|呢|我的|文献库|论文库|库里|库中"
    r"|论文|文献|文章|这篇|该文|研究了|提出了|介绍|总结|概述|综述|讲了些|说了些|都讲|都说"
)


# Words that ask or frame a question rather than say what it is about.
_FRAMING_WORDS = frozenset(
    ["什么", "哪些", "哪个", "哪种", "多少", "如何", "怎样", "怎么", "为什么", "是否", "有没有", "相比", "比较", "对比", "区别", "异同", "请问", "我的", "我们", "文献库", "论文库", "论文", "文献", "文章", "这篇", "该文", "研究", "提出", "介绍", "总结", "概述", "综述", "主要", "哪里", "可以", "能否", "一些", "那些", "这些", "关于", "方面", "问题", "方法", "讲了", "说了", "常用", "有关", "相关", "中文", "英文", "中有", "里有", "都讲", "讲了些", "说了些", "都说", "其中", "如何"]
)


def cjk_words(text: str) -> list[str]:
    """The Chinese words of a text that say what it is about (jieba's segmentation; one-character
    words and framing words such as 什么 or 论文 left out), in order, without repeats."""
    import jieba

    jieba.setLogLevel(60)
    words: list[str] = []
    for run in CJK_RUN.findall(text):
        for word in jieba.cut(run):
            if len(word) >= 2 and word not in _FRAMING_WORDS and word not in words:
                words.append(word)
    return words


def cjk_query(text: str) -> str:
    """A Chinese question as a keyword query: the words of what it is about, with the text's
    other (Latin) words."""
    latin = re.findall(r"[^\W\d_][\w-]*", CJK_RUN.sub(" ", text), re.ASCII)
    return " ".join([*cjk_words(text), *latin])
