"""Prompts for the small default model: short, direct, one job each. Measured on SmolLM2-135M."""

ANSWER_SYSTEM = (
    "You answer questions using only the numbered sources. "
    "Write 2 to 4 short sentences. End each sentence with the number of its source in brackets, like [1]. "
    "If the sources do not answer the question, say so."
)
TLDR_SYSTEM = "You summarize research abstracts. Write a TL;DR of 2 or 3 short sentences in plain words."
SYNTHESIS_SYSTEM = (
    "You write a short synthesis of the numbered papers: what they share and how they differ. "
    "Write 3 to 5 sentences. End each sentence with the number of its source in brackets, like [1]."
)
COMPARE_SYSTEM = (
    "Read the abstract and fill in four lines, each at most 12 words:\nTask: ...\nMethod: ...\nData: ...\nResult: ..."
)


def source_block(number: int, title: str, abstract: str) -> str:
    return f"[{number}] {title}\n{abstract}"


def answer_user_message(sources: list[str], question: str) -> str:
    return "Sources:\n\n" + "\n\n".join(sources) + f"\n\nQuestion: {question}"


def tldr_user_message(title: str, abstract: str) -> str:
    return f"Title: {title}\nAbstract: {abstract}\n\nTL;DR:"


def synthesis_user_message(sources: list[str]) -> str:
    return "Papers:\n\n" + "\n\n".join(sources) + "\n\nSynthesis:"


def compare_user_message(title: str, abstract: str) -> str:
    return f"Title: {title}\nAbstract: {abstract}"
