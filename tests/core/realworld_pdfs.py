"""The real PDFs in ../shared/realworld/pdf and what its README gives for each (read from the
PDFs themselves): title, authors in printed order, the abstract's first words, the DOI and arXiv id
printed ('' where none is), and the year (None where none is printed)."""

from __future__ import annotations

from pathlib import Path

PDFS = Path(__file__).resolve().parents[3] / "shared" / "realworld" / "pdf"
TRUTH: dict[str, tuple[str, list[str], str, str, str, int | None]] = {
    "webassembly-pldi2017.pdf": (
        "Bringing the Web up to Speed with WebAssembly",
        [
            "Andreas Haas",
            "Andreas Rossberg",
            "Derek L. Schuff",
            "Ben L. Titzer",
            "Michael Holman",
            "Dan Gohman",
            "Luke Wagner",
            "Alon Zakai",
            "JF Bastien",
        ],
        "The maturation of the Web platform has given rise to sophisticated and",
        "10.1145/3062341.3062363",
        "",
        2017,
    ),
    "dola-t5-arxiv.pdf": (
        "Enhancing Instruction-Following Capabilities in Seq2Seq Models: DoLa Adaptations for T5",
        ["Huey Sun", "Anabel Yong", "Lorenzo Gilly", "Felipe Jin"],
        "Encoder–decoder models such as FLAN-T5 are finetuned to follow instructions, but often",
        "",
        "2512.03803",
        2025,
    ),
    "good-enough-practices-plos.pdf": (
        "Good Enough Practices in Scientific Computing",
        ["Greg Wilson", "Jennifer Bryan", "Karen Cranston", "Justin Kitzes", "Lex Nederbragt", "Tracy K. Teal"],
        "We present a set of computing tools and techniques that every researcher",
        "",
        "",
        None,
    ),
    "kepler-velocities-aastex.pdf": (
        "The 3D Galactocentric velocities of Kepler stars: marginalizing over missing RVs",
        [
            "Ruth Angus",
            "Adrian M. Price-Whelan",
            "Joel C. Zinn",
            "Megan Bedell",
            "Yuxi (Lucy) Lu",
            "Daniel Foreman-Mackey",
        ],
        "Precise Gaia measurements of positions, parallaxes, and proper motions provide an opportunity",
        "",
        "",
        2022,
    ),
    "cltc2022-overview-zh.pdf": (
        "Overview of CLTC 2022 Shared Task: Chinese Learner Text Correction",
        [
            "Yingying Wang",
            "Cunliang Kong",
            "Xin Liu",
            "Xuezhi Fang",
            "Yue Zhang",
            "Nianning Liang",
            "Tianshuo Zhou",
            "Tianxin Liao",
            "Liner Yang",
            "Zhenghua Li",
            "Gaoqi Rao",
            "Zhenghao Liu",
            "Chen Li",
            "Erhong Yang",
            "Min Zhang",
            "Maosong Sun",
        ],
        "汉语学习者文本纠错（Chinese Learner Text Correction）评测比赛",
        "",
        "",
        2022,
    ),
}
