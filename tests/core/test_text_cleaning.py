"""Text as other tools write it, cleaned: each repair on the damage it is for, and clean text
left exactly as it was (paper ids hash the abstract)."""

from __future__ import annotations

import pytest

from desktop.core.text.text_cleaning import (
    clean_abstract,
    clean_field,
    fix_mojibake,
    placeholder_reason,
    without_trailing_copyright,
)


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        (r"Bal\'azs", "Balázs"),
        (r"N\'{u}\~{n}ez", "Núñez"),
        (r"G{\"o}del and Erd\H{o}s", "Gödel and Erdős"),
        (r"Accuracy of 96\% on \emph{ImageNet} \& COCO", "Accuracy of 96% on ImageNet & COCO"),
        (r"a gain of $\alpha$ over $O(n^2)$", "a gain of α over O(n^2)"),
    ],
)
def test_tex_becomes_unicode(written: str, clean: str) -> None:
    assert clean_field(written, tex=True) == clean


def test_tex_is_left_alone_where_the_source_does_not_write_tex() -> None:
    assert clean_field(r"a path C:\temp and $5 or $6", tex=False) == r"a path C:\temp and $5 or $6"


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("BÃ©rille", "Bérille"),  # UTF-8 read as Latin-1
        ("donâ€™t", "don’t"),  # UTF-8 read as cp1252
        ("B茅rille and Rodr铆guez", "Bérille and Rodríguez"),  # UTF-8 read as GBK
        ("Ko莽", "Koç"),
    ],
)
def test_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert fix_mojibake(broken) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "基于触觉先验的抓取方法研究",
        "We study 北京 air quality with a model.",
        "Café, naïve, Ångström — “quoted” and 50 µm.",
        "Plain English abstract with nothing to repair.",
    ],
)
def test_clean_text_passes_through_unchanged(text: str) -> None:
    assert clean_abstract(text) == text


def test_html_is_decoded_and_unknown_angle_brackets_kept() -> None:
    assert clean_abstract("<p>We use <i>deep</i> nets &amp; trees.</p>") == "We use deep nets & trees."
    assert clean_abstract("发表于<公共管理学报>的论文") == "发表于<公共管理学报>的论文"
    assert clean_abstract("<jats:p>Mice &lt; rats.</jats:p>") == "Mice < rats."


def test_hard_wrapped_lines_join_and_paragraph_breaks_stay() -> None:
    wrapped = "First line of the\nfirst paragraph.\n\n  Second paragraph\r\nwraps too."
    assert clean_abstract(wrapped) == "First line of the first paragraph.\n\nSecond paragraph wraps too."
    assert clean_field("基于触觉\n先验的抓取") == "基于触觉先验的抓取"


def test_trailing_copyright_line_is_cut_but_a_mention_of_copyright_is_not() -> None:
    body = "We measure how often copyright law is cited in court. " * 4
    assert without_trailing_copyright(body + "© 2020 Elsevier Ltd. All rights reserved.") == body.rstrip()
    assert without_trailing_copyright(body) == body
    assert without_trailing_copyright("Copyright 2019 IEEE. " + body) == "Copyright 2019 IEEE. " + body


@pytest.mark.parametrize(
    ("abstract", "reason"),
    [
        ("NA", "no abstract"),
        ("[No abstract available]", "no abstract"),
        ("", "no abstract"),
        ("This article has been withdrawn at the request of the authors.", "withdrawal notice"),
        ("© 2021 The Authors. Published by Elsevier B.V.", "copyright"),
        ("We propose a method that works.", ""),
        ("Withdrawal of opioids in chronic pain patients was studied in 2,000 adults over a decade. " * 6, ""),
    ],
)
def test_placeholder_abstracts_are_recognised(abstract: str, reason: str) -> None:
    found = placeholder_reason(abstract)
    assert (reason in found) if reason else found == ""
    assert bool(found) == bool(reason)
