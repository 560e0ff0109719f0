"""What a question of several sentences asks: researchers set the scene first ("I'm writing the
related work of a note on Lie algebras. Which math papers in my library touch on these?") or add
a request about the answer's form after it ("… nanowires? Please include the Chinese ones too.").
The sentence that asks is routed; a "these" or "this topic" in it stands for the scene's subject,
and a trailing request is no part of the topic."""

from __future__ import annotations

import re

from desktop.core.text.cjk import has_cjk

_SENTENCE_BREAK = re.compile(r"(?<=[?!])\s+|(?<=\.)\s+(?=[A-Z\"'(])")
# "Please include…", "Also list…", "Thanks!", "Keep it short."
_REQUEST = re.compile(
    r"^(?:please|pls|also|and also|thanks|thank you|keep it|be brief|include|list them|sort them|group them"
    r"|answer in|in (?:english|chinese)|no need)\b",
    re.I,
)
# "chronic, acute or allergic cough all count": what counts, said after the question
_COUNTS = re.compile(r"\b(?:all|both|either|any|each) (?:count|counts|are fine|is fine|welcome|qualify)\b", re.I)
# what stands for the scene's subject in the asking sentence
_STAND_IN = re.compile(
    r"\b(?:these(?: topics?| subjects?| areas?| things| questions)?|this(?: topic| subject| area| question| theme)?"
    r"|them|it|that(?: topic| subject| area)?|such (?:topics|things|work))(?=\s*[?.!]*\s*$)",
    re.I,
)
# the subject of a scene-setting sentence: what follows its last "on", "about" or "regarding"
_SCENE_SUBJECT = re.compile(r"\b(?:on|about|regarding|concerning|into)\s+(?P<subject>[^.?!]+?)\s*[.?!]*\s*$", re.I)


def asked(question: str) -> str:
    """The question as one asking sentence: trailing requests dropped, a stand-in for the scene's
    subject replaced by it. A question of one sentence, or in Chinese, is returned as it is."""
    text = question.strip()
    if has_cjk(text):
        return text
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(text) if s.strip()]
    while (
        len(sentences) > 1
        and not sentences[-1].endswith("?")
        and (_REQUEST.match(sentences[-1]) or _COUNTS.search(sentences[-1]))
    ):
        sentences.pop()
    if len(sentences) == 1:
        return sentences[0]
    asking = next((i for i in range(len(sentences) - 1, -1, -1) if sentences[i].endswith("?")), len(sentences) - 1)
    ask = sentences[asking]
    if asking > 0 and _STAND_IN.search(ask):
        scene = _SCENE_SUBJECT.search(sentences[asking - 1])
        if scene:
            return _STAND_IN.sub(scene.group("subject"), ask, count=1)
    return " ".join(sentences[: asking + 1])
