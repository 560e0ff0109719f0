"""Prompts, one job each. Small models get a single sentence to rephrase (with examples); larger
models get the sources and the evidence and write the answer themselves."""

from __future__ import annotations

Message = dict[str, str]

REPHRASE_SYSTEM = (
    "You turn one sentence from a paper's abstract into a short, direct answer to a question. "
    "Use the sentence's own words. Keep every number and name. Do not add anything."
)
# Worked examples for small models: made-up papers, so nothing here can leak into a real answer
# (and anything that does is caught, because it is not in the source sentence).
REPHRASE_EXAMPLES = [
    (
        "What does Foo learn?",
        "We show that Foo, unlike prior work, learns a compact map of the scene from raw pixels.",
        "Foo learns a compact map of the scene from raw pixels.",
    ),
    (
        "How much faster is Bar?",
        "In our experiments, Bar runs 12 times faster than the baseline while using 30% less memory.",
        "Bar runs 12 times faster than the baseline while using 30% less memory.",
    ),
    (
        "What is Baz?",
        "We present Baz, a benchmark of 40 tasks for testing robot grasping.",
        "Baz is a benchmark of 40 tasks for testing robot grasping.",
    ),
]

ANSWER_SYSTEM = (
    "You answer questions about research papers using only the numbered sources. The evidence "
    "sentences are the most relevant parts. Write 2 to 4 sentences. End each sentence with the "
    "number of the source it comes from, like [2]. If the sources do not say something, say so "
    "instead of guessing."
)
SUMMARY_SYSTEM = (
    "You summarize research abstracts using only what they say. Write 2 or 3 short sentences. "
    "End each sentence with the number of its source in brackets, like [1]."
)
SYNTHESIS_SYSTEM = (
    "You write a short synthesis of the numbered papers: what they share and how they differ, "
    "using only what they say. Write 3 to 5 sentences. End each sentence with the number of its source, like [1]."
)
COMPARE_SYSTEM = (
    "Read the abstract and fill in four lines, each at most 12 words:\nTask: ...\nMethod: ...\nData: ...\nResult: ..."
)


def rephrase_messages(question: str, sentence: str) -> list[Message]:
    messages: list[Message] = [{"role": "system", "content": REPHRASE_SYSTEM}]
    for example_question, example_sentence, example_answer in REPHRASE_EXAMPLES:
        messages.append({"role": "user", "content": f"Question: {example_question}\nSentence: {example_sentence}"})
        messages.append({"role": "assistant", "content": example_answer})
    messages.append({"role": "user", "content": f"Question: {question}\nSentence: {sentence}"})
    return messages


def source_block(number: int, title: str, text: str) -> str:
    return f"[{number}] {title}\n{text}"


def answer_user_message(sources: list[str], evidence: list[str], question: str) -> str:
    parts = ["Sources:\n\n" + "\n\n".join(sources)]
    if evidence:
        parts.append("Evidence:\n" + "\n".join(evidence))
    parts.append(f"Question: {question}")
    return "\n\n".join(parts)


def summary_user_message(sources: list[str]) -> str:
    return "Papers:\n\n" + "\n\n".join(sources) + "\n\nSummary:"


def compare_user_message(title: str, abstract: str) -> str:
    return f"Title: {title}\nAbstract: {abstract}"
