"""PDF fixtures in the layouts papers come in, drawn with reportlab: each layout writes a PDF and
returns what a right import reads from it (the printed title, authors, abstract, identifiers).

The drawing follows the real templates where it matters to a reader: sizes (the title largest),
columns, where the abstract heading sits, what follows the abstract, superscript affiliation
marks, sideways margin stamps, fake-bold CJK (each glyph drawn three times), an OCR layer
(invisible text over a page image) and cover pages in front."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from tests.core.helpers import abstract

CJK_FONT = "STSong-Light"  # an Adobe CID font every PDF reader knows: no font file needed
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
ROMAN, BOLD, ITALIC = "Times-Roman", "Times-Bold", "Times-Italic"


@dataclass
class Expected:
    title: str
    authors: list[str]
    abstract_start: str
    abstract_end: str = ""
    doi: str = ""
    arxiv_id: str = ""
    year: int | None = None
    venue: str = ""
    keywords: list[str] = field(default_factory=list)
    not_in_abstract: list[str] = field(default_factory=list)


class Page:
    """Drawing helpers over one reportlab page (y upwards, in points)."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas

    def text(self, x: float, y: float, text: str, size: float = 10, font: str = ROMAN, centre: bool = False) -> float:
        """Draws one line; returns its right end."""
        width = pdfmetrics.stringWidth(text, font, size)
        left = x - width / 2 if centre else x
        self.c.setFont(font, size)
        self.c.drawString(left, y, text)
        return left + width

    def para(self, x: float, y: float, width: float, text: str, size: float = 10, font: str = ROMAN) -> float:
        """Wraps text into lines inside width (the first line indented by `indent` when text
        starts with a tab); returns the y under the last line."""
        leading = size * 1.2
        for line in wrap(text, width, size, font):
            self.text(x, y, line, size, font)
            y -= leading
        return y

    def run_in(
        self,
        x: float,
        y: float,
        width: float,
        label: str,
        label_font: str,
        text: str,
        size: float = 10,
        font: str = ROMAN,
    ) -> float:
        """A label run into the first line of a paragraph ('Abstract—We …'); returns the y under it."""
        indent = pdfmetrics.stringWidth(label, label_font, size)
        self.text(x, y, label, size, label_font)
        words, first = text.split(), ""
        while words and pdfmetrics.stringWidth(f"{first} {words[0]}".strip(), font, size) <= width - indent:
            first = f"{first} {words.pop(0)}".strip()
        self.text(x + indent, y, first, size, font)
        return self.para(x, y - size * 1.2, width, " ".join(words), size, font)

    def names(self, y: float, names: list[tuple[str, str]], size: float, centre_x: float, font: str = ROMAN) -> None:
        """Author names with superscript marks, comma separated, centred on centre_x."""
        pieces = []
        for number, (name, mark) in enumerate(names):
            tail = ", " if number < len(names) - 1 else ""
            pieces.append((name, mark, tail))
        width = sum(
            pdfmetrics.stringWidth(n + t, font, size) + pdfmetrics.stringWidth(m, font, size * 0.6)
            for n, m, t in pieces
        )
        x = centre_x - width / 2
        for name, mark, tail in pieces:
            x = self.text(x, y, name, size, font)
            if mark:
                x = self.text(x, y + size * 0.4, mark, size * 0.6, font)
            if tail:
                x = self.text(x, y, tail, size, font)

    def stamp(self, x: float, y: float, text: str, size: float = 20) -> None:
        """Text turned anticlockwise in the left margin, read upwards (arXiv's stamp)."""
        self.c.saveState()
        self.c.translate(x, y)
        self.c.rotate(90)
        self.c.setFont(ROMAN, size)
        self.c.setFillGray(0.5)
        self.c.drawString(0, 0, text)
        self.c.restoreState()

    def fake_bold(self, x: float, y: float, text: str, size: float, centre: bool = False) -> None:
        """CJK text in fake bold: each glyph drawn three times, a little apart."""
        width = pdfmetrics.stringWidth(text, CJK_FONT, size)
        left = x - width / 2 if centre else x
        self.c.setFont(CJK_FONT, size)
        for char in text:
            for shift in (0.0, 0.25, 0.5):
                self.c.drawString(left + shift, y, char)
            left += pdfmetrics.stringWidth(char, CJK_FONT, size)

    def invisible(self, x: float, y: float, text: str, size: float) -> None:
        """An OCR layer's line: text drawn in render mode 3 (invisible) over the page image."""
        layer = self.c.beginText(x, y)
        layer.setTextRenderMode(3)
        layer.setFont(ROMAN, size)
        layer.textLine(text)
        self.c.drawText(layer)

    def scan(self, width: float, height: float) -> None:
        """Stands for a scanned page image: grey strokes where the lines of text would be."""
        self.c.setFillGray(0.85)
        for row in range(60):
            self.c.rect(60, height - 80 - row * 11, width - 120, 6, stroke=0, fill=1)
        self.c.setFillGray(0)


def wrap(text: str, width: float, size: float, font: str) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


Draw = Callable[[Page], None]


def write_pdf(path: Path, pages: list[Draw], size: tuple[float, float] = LETTER, **options: object) -> Path:
    """Writes the pages; options: title, author (the metadata), encrypt (a reportlab encryption)."""
    canvas = Canvas(str(path), pagesize=size, encrypt=options.get("encrypt"))  # type: ignore[arg-type]
    canvas.setTitle(str(options.get("title", "")))
    canvas.setAuthor(str(options.get("author", "")))
    for draw in pages:
        draw(Page(canvas))
        canvas.showPage()
    canvas.save()
    return path


TEXT = {topic: abstract(topic) for topic in ("graph search", "robot grasping", "protein folding", "speech")}


def body(page: Page, x: float, y: float, width: float, size: float = 10, paragraphs: int = 3) -> None:
    """Running text of a section, to sit beside or under the front matter."""
    for number in range(paragraphs):
        y = page.para(x, y, width, abstract(f"section topic {number}"), size) - size * 0.5


def arxiv_preprint(folder: Path, stamp: str = "arXiv:2301.01234v2  [cs.LG]  14 Mar 2023") -> tuple[Path, Expected]:
    """A NeurIPS-style preprint: centred title and authors with e-mails, 'Abstract' centred over
    an indented block, the arXiv stamp in the left margin, a footer naming the venue."""
    text = TEXT["graph search"]

    def draw(page: Page) -> None:
        page.text(306, 700, "Learning to Search Graphs", 17, BOLD, centre=True)
        page.text(306, 680, "with Many Small Models", 17, BOLD, centre=True)
        page.text(180, 640, "Alice Example", 10, BOLD, centre=True)
        page.text(180, 628, "Example University", 10, centre=True)
        page.text(180, 616, "alice@example.edu", 9, "Courier", centre=True)
        page.text(430, 640, "Bob Sample", 10, BOLD, centre=True)
        page.text(430, 628, "Sample Labs", 10, centre=True)
        page.text(430, 616, "bob@sample.ai", 9, "Courier", centre=True)
        page.text(306, 580, "Abstract", 12, BOLD, centre=True)
        y = page.para(144, 560, 324, text)
        page.text(108, y - 20, "1   Introduction", 12, BOLD)
        body(page, 108, y - 40, 396)
        page.text(108, 60, "37th Conference on Neural Information Processing Systems (NeurIPS 2023).", 8)
        page.stamp(30, 250, stamp)

    path = write_pdf(folder / "preprint.pdf", [draw], title="Learning to Search Graphs")
    return path, Expected(
        "Learning to Search Graphs with Many Small Models",
        ["Alice Example", "Bob Sample"],
        text[:60],
        text[-40:],
        arxiv_id="2301.01234" if "submit" not in stamp else "",
        year=2023,
        venue="arXiv" if "submit" not in stamp else "",
    )


def acm_two_column(folder: Path) -> tuple[Path, Expected]:
    """ACM sigconf: title over both columns, authors in a grid with affiliations, ABSTRACT in
    the left column, CCS Concepts and Keywords after it, the right column starting beside it,
    the ACM reference block (venue, DOI) at the bottom of the left column."""
    text = TEXT["robot grasping"] + " " + abstract("tactile sensing")

    def draw(page: Page) -> None:
        page.text(306, 720, "Grasping Unknown Objects from Touch Alone", 18, BOLD, centre=True)
        for x, name, where in ((150, "Carla Núñez", "Tactile Lab"), (306, "Dmitri Orlov", "Robotics Institute")):
            page.text(x, 690, name, 11, centre=True)
            page.text(x, 677, where, 9, centre=True)
        page.text(462, 690, "Erin O’Neil", 11, centre=True)
        page.text(462, 677, "Example University", 9, centre=True)
        page.text(54, 630, "ABSTRACT", 10, BOLD)
        y = page.para(54, 616, 240, text, 9)
        page.text(54, y - 8, "CCS CONCEPTS", 10, BOLD)
        page.para(54, y - 22, 240, "• Computer systems organization → Robotics.", 9)
        page.text(54, y - 48, "KEYWORDS", 10, BOLD)
        page.para(54, y - 62, 240, "tactile sensing, grasping, manipulation", 9)
        page.para(54, 130, 240, "KDD ’23, August 6–10, 2023, Long Beach, CA, USA", 7)
        page.para(54, 120, 240, "© 2023 Copyright held by the owner/author(s).", 7)
        page.para(54, 110, 240, "https://doi.org/10.1145/3580305.3599999", 7)
        page.text(318, 630, "1 INTRODUCTION", 10, BOLD)
        body(page, 318, 616, 240, 9, 4)

    path = write_pdf(folder / "acm.pdf", [draw])
    return path, Expected(
        "Grasping Unknown Objects from Touch Alone",
        ["Carla Núñez", "Dmitri Orlov", "Erin O’Neil"],
        text[:60],
        text[-40:],
        doi="10.1145/3580305.3599999",
        year=2023,
        venue="KDD ’23",
        keywords=["tactile sensing", "grasping", "manipulation"],
        not_in_abstract=["CCS CONCEPTS", "Robotics", "section topic"],
    )


def ieee_journal(folder: Path) -> tuple[Path, Expected]:
    """IEEE Transactions: a running header, 'Abstract—' run into the first line in bold italic,
    'Index Terms—' after it, authors with 'Member, IEEE', two columns below."""
    text = TEXT["speech"]

    def draw(page: Page) -> None:
        page.text(54, 750, "IEEE TRANSACTIONS ON AUDIO, SPEECH, AND LANGUAGE PROCESSING, VOL. 31, 2023", 7)
        page.text(306, 712, "Robust Speech Recognition in Loud Rooms", 22, centre=True)
        page.text(306, 684, "Farid Haddad, Member, IEEE, and Grace Liu, Fellow, IEEE", 10, centre=True)
        y = page.run_in(54, 640, 495, "Abstract—", "Times-BoldItalic", text, 9, BOLD)
        page.text(54, y - 6, "Index Terms—Speech recognition, noise robustness.", 9, "Times-BoldItalic")
        page.text(54, 530, "I. INTRODUCTION", 10)
        body(page, 54, 515, 240, 10, 2)
        body(page, 318, 515, 240, 10, 2)
        page.text(54, 60, "Digital Object Identifier 10.1109/TASLP.2023.1234567", 7)

    path = write_pdf(folder / "ieee.pdf", [draw])
    return path, Expected(
        "Robust Speech Recognition in Loud Rooms",
        ["Farid Haddad", "Grace Liu"],
        text[:40],
        text[-30:],
        doi="10.1109/taslp.2023.1234567",
        venue="IEEE TRANSACTIONS ON AUDIO, SPEECH, AND LANGUAGE PROCESSING",
        keywords=["Speech recognition", "noise robustness"],
        not_in_abstract=["Index Terms", "INTRODUCTION"],
    )


def acl_two_column(folder: Path) -> tuple[Path, Expected]:
    """ACL: title and authors centred over both columns, 'Abstract' centred over the left column,
    the proceedings in the footer."""
    text = TEXT["protein folding"]

    def draw(page: Page) -> None:
        page.text(306, 710, "Folding Proteins with Language Models", 15, BOLD, centre=True)
        page.text(200, 680, "Hana Sato", 12, BOLD, centre=True)
        page.text(200, 667, "Kyoto University", 11, centre=True)
        page.text(412, 680, "Ivan Petrov", 12, BOLD, centre=True)
        page.text(412, 667, "Moscow Institute", 11, centre=True)
        page.text(172, 630, "Abstract", 12, BOLD, centre=True)
        page.para(86, 612, 190, text, 10)
        page.text(318, 630, "1   Introduction", 12, BOLD)
        body(page, 318, 612, 220, 10, 4)
        page.para(
            72,
            70,
            468,
            "Proceedings of the 61st Annual Meeting of the Association for Computational "
            "Linguistics, pages 1–12, July 9–14, 2023 ©2023 Association for Computational Linguistics",
            8,
        )

    path = write_pdf(folder / "acl.pdf", [draw])
    return path, Expected(
        "Folding Proteins with Language Models",
        ["Hana Sato", "Ivan Petrov"],
        text[:60],
        text[-40:],
        year=2023,
        venue="Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics",
        not_in_abstract=["Introduction", "section topic"],
    )


def cvpr_two_column(folder: Path) -> tuple[Path, Expected]:
    """CVPR: authors with superscript affiliation numbers on one centred line, a starred
    corresponding author, 'Abstract' in bold italic centred over the left column."""
    text = TEXT["graph search"] + " " + abstract("point clouds")

    def draw(page: Page) -> None:
        page.text(306, 712, "Sparse Point Cloud Matching at Scale", 14, BOLD, centre=True)
        page.names(685, [("Jun Park", "1*"), ("Lena Fischer", "2"), ("Marco Rossi", "1,2")], 12, 306)
        page.text(306, 668, "1Seoul National University    2ETH Zürich", 10, centre=True)
        page.text(306, 655, "{jun.park, marco}@snu.ac.kr", 9, "Courier", centre=True)
        page.text(172, 620, "Abstract", 12, "Times-BoldItalic", centre=True)
        page.para(54, 602, 237, text, 10, ITALIC)
        page.text(54, 380, "1. Introduction", 12, BOLD)
        body(page, 54, 362, 237, 10, 1)
        body(page, 318, 620, 237, 10, 4)

    path = write_pdf(folder / "cvpr.pdf", [draw])
    return path, Expected(
        "Sparse Point Cloud Matching at Scale",
        ["Jun Park", "Lena Fischer", "Marco Rossi"],
        text[:60],
        text[-40:],
        not_in_abstract=["Introduction", "section topic"],
    )


def plos_typeset(folder: Path) -> tuple[Path, Expected]:
    """PLOS ONE as typeset: 'RESEARCH ARTICLE' over the title, a sidebar of small print on the
    left (citation with the DOI, dates, licence), the abstract in the wide right column."""
    text = TEXT["protein folding"]

    def draw(page: Page) -> None:
        page.text(200, 730, "RESEARCH ARTICLE", 9, BOLD)
        page.para(200, 705, 360, "Protein folding pathways revealed by single-molecule force spectroscopy", 16, BOLD)
        page.names(650, [("Olga Ivanova", "1"), ("Pedro Alves", "2*")], 10, 330)
        page.text(200, 630, "1 Department of Biophysics, Example University, Lisbon, Portugal", 8)
        page.text(200, 620, "* pedro.alves@example.org", 8)
        sidebar = [
            "OPEN ACCESS",
            "Citation: Ivanova O, Alves P (2021) Protein",
            "folding pathways. PLoS ONE 16(4): e0249999.",
            "https://doi.org/10.1371/journal.pone.0249999",
            "Editor: Some Editor, University, UNITED STATES",
            "Received: January 5, 2021",
            "Accepted: March 30, 2021",
            "Published: April 14, 2021",
        ]
        for number, line in enumerate(sidebar):
            page.text(40, 600 - number * 10, line, 7)
        page.text(200, 595, "Abstract", 13, BOLD)
        page.para(200, 578, 360, text, 10)
        page.text(200, 420, "Introduction", 13, BOLD)
        body(page, 200, 402, 360, 10, 2)
        page.text(40, 40, "PLOS ONE | https://doi.org/10.1371/journal.pone.0249999 April 14, 2021", 7)

    path = write_pdf(folder / "plos.pdf", [draw])
    return path, Expected(
        "Protein folding pathways revealed by single-molecule force spectroscopy",
        ["Olga Ivanova", "Pedro Alves"],
        text[:60],
        text[-40:],
        doi="10.1371/journal.pone.0249999",
        year=2021,
        venue="PLOS ONE",
        not_in_abstract=["Introduction", "Citation"],
    )


def elsevier_article(folder: Path) -> tuple[Path, Expected]:
    """Elsevier: the journal's header box, authors with superscript letters, then the side-by-side
    'A R T I C L E  I N F O' (history, keywords) and 'A B S T R A C T' blocks, the abstract
    ending in a copyright line; the DOI in the footer."""
    text = TEXT["robot grasping"]

    def draw(page: Page) -> None:
        page.text(297, 790, "Neural Networks 123 (2020) 45–56", 8, centre=True)
        page.text(297, 770, "Contents lists available at ScienceDirect", 8, centre=True)
        page.text(297, 750, "Neural Networks", 13, centre=True)
        page.text(297, 735, "journal homepage: www.elsevier.com/locate/neunet", 8, centre=True)
        page.text(40, 690, "Learning dexterous grasps from few demonstrations", 16)
        page.names(665, [("Quinn Harper", "a,*"), ("Rosa Méndez", "b")], 11, 200)
        page.text(40, 645, "a School of Computing, Example University, UK", 7, ITALIC)
        page.text(40, 636, "b Robotics Centre, Sample Institute, Spain", 7, ITALIC)
        page.text(40, 610, "A R T I C L E   I N F O", 8)
        info = [
            "Article history:",
            "Received 2 May 2019",
            "Accepted 9 December 2019",
            "Keywords:",
            "Grasping",
            "Imitation learning",
        ]
        for number, line in enumerate(info):
            page.text(40, 595 - number * 10, line, 7)
        page.text(210, 610, "A B S T R A C T", 8)
        y = page.para(210, 595, 345, text, 9)
        page.text(210, y, "© 2019 Elsevier Ltd. All rights reserved.", 9)
        page.text(40, 440, "1. Introduction", 9, BOLD)
        body(page, 40, 425, 250, 9, 2)
        page.text(40, 60, "https://doi.org/10.1016/j.neunet.2019.12.001", 7)
        page.text(40, 50, "0893-6080/© 2019 Elsevier Ltd. All rights reserved.", 7)

    path = write_pdf(folder / "elsevier.pdf", [draw], size=A4)
    return path, Expected(
        "Learning dexterous grasps from few demonstrations",
        ["Quinn Harper", "Rosa Méndez"],
        text[:60],
        text[-40:],
        doi="10.1016/j.neunet.2019.12.001",
        year=2019,
        venue="Neural Networks",
        not_in_abstract=["Elsevier", "Article history", "Imitation learning", "Received"],
    )


def springer_lncs(folder: Path) -> tuple[Path, Expected]:
    """Springer LNCS: authors with superscript numbers, institutes, 'Abstract.' in bold run into
    a narrower block, 'Keywords:' after it."""
    text = abstract("keyword spotting")

    def draw(page: Page) -> None:
        page.text(297, 700, "Few-Shot Keyword Spotting", 14, BOLD, centre=True)
        page.text(297, 683, "for Low-Resource Languages", 14, BOLD, centre=True)
        page.names(655, [("Sven Larsen", "1"), ("Tomás Ruiz", "2"), ("Uma Devi", "1")], 10, 297)
        page.text(297, 635, "1 Aarhus University, Denmark", 9, centre=True)
        page.text(297, 624, "2 Universidad de Chile, Santiago, Chile", 9, centre=True)
        y = page.run_in(130, 590, 335, "Abstract. ", BOLD, text, 9)
        page.run_in(130, y - 6, 335, "Keywords: ", BOLD, "Keyword spotting · Few-shot learning", 9)
        page.text(96, y - 40, "1   Introduction", 12, BOLD)
        body(page, 96, y - 58, 403, 10, 2)

    path = write_pdf(folder / "lncs.pdf", [draw], size=A4)
    return path, Expected(
        "Few-Shot Keyword Spotting for Low-Resource Languages",
        ["Sven Larsen", "Tomás Ruiz", "Uma Devi"],
        text[:60],
        text[-40:],
        keywords=["Keyword spotting", "Few-shot learning"],
        not_in_abstract=["Keywords", "Introduction"],
    )


def line_numbered_draft(folder: Path) -> tuple[Path, Expected]:
    """A review draft with line numbers in the left margin beside every line."""
    text = TEXT["graph search"] + " " + abstract("draft review")

    def draw(page: Page) -> None:
        y, number = 700.0, 1
        page.text(306, y, "Graph Search Under Uncertainty", 16, BOLD, centre=True)
        page.text(40, y, str(number), 7)
        page.text(306, 676, "Vera Novak, Wen Zhao", 11, centre=True)
        page.text(40, 676, str(number + 1), 7)
        page.text(306, 640, "Abstract", 12, BOLD, centre=True)
        page.text(40, 640, str(number + 2), 7)
        lines = wrap(text, 430, 10, ROMAN)
        for offset, line in enumerate(lines):
            page.text(90, 620 - offset * 12, line)
            page.text(40, 620 - offset * 12, str(number + 3 + offset), 7)
        page.text(90, 620 - len(lines) * 12 - 24, "1 Introduction", 12, BOLD)

    path = write_pdf(folder / "draft.pdf", [draw])
    return path, Expected(
        "Graph Search Under Uncertainty", ["Vera Novak", "Wen Zhao"], text[:60], text[-40:], not_in_abstract=[" 12 "]
    )


def with_cover_page(folder: Path, kind: str) -> tuple[Path, Expected]:
    """A ResearchGate or JSTOR cover page (its own big title) in front of an arXiv-style paper."""
    _, paper = arxiv_preprint(folder)
    text = TEXT["graph search"]

    def cover(page: Page) -> None:
        if kind == "researchgate":
            page.text(
                40,
                740,
                "See discussions, stats, and author profiles for this publication at: "
                "https://www.researchgate.net/publication/123456789",
                8,
            )
            page.text(40, 700, "Learning to Search Graphs with Many Small Models", 20, BOLD)
            page.text(40, 660, "CITATIONS 12        READS 3,456", 9)
            page.text(40, 620, "2 authors, including: Alice Example, Example University", 9)
            page.text(40, 80, "All content following this page was uploaded by Alice Example on 1 May 2023.", 7)
        else:
            page.text(40, 740, "Learning to Search Graphs with Many Small Models", 16, BOLD)
            page.text(40, 720, "Author(s): Alice Example and Bob Sample", 10)
            page.text(40, 700, "Stable URL: https://www.jstor.org/stable/12345678", 9)
            page.text(40, 200, "JSTOR is a not-for-profit service that helps scholars, researchers, and students.", 8)
            page.text(40, 60, "This content downloaded from 10.0.0.1 on Mon, 01 May 2023 12:00:00 UTC", 7)

    def paper_page(page: Page) -> None:
        page.text(306, 700, "Learning to Search Graphs", 17, BOLD, centre=True)
        page.text(306, 680, "with Many Small Models", 17, BOLD, centre=True)
        page.text(180, 640, "Alice Example", 10, BOLD, centre=True)
        page.text(430, 640, "Bob Sample", 10, BOLD, centre=True)
        page.text(306, 580, "Abstract", 12, BOLD, centre=True)
        y = page.para(144, 560, 324, text)
        page.text(108, y - 20, "1   Introduction", 12, BOLD)

    path = write_pdf(folder / f"{kind}.pdf", [cover, paper_page])
    paper.arxiv_id, paper.year, paper.venue = "", None, ""
    return path, paper


def chinese_paper(folder: Path) -> tuple[Path, Expected]:
    """A Chinese paper: fake-bold Chinese title, authors and headings; the Chinese abstract and
    keywords; then the English title, authors and abstract (both abstracts are kept)."""
    zh = "本文研究汉语学习者文本的自动纠错方法。我们构建了新的数据集，提出了基于多参考答案的评价标准，" * 3
    en = TEXT["speech"]

    def draw(page: Page) -> None:
        page.fake_bold(297, 780, "汉语学习者文本纠错研究综述", 16, centre=True)
        page.fake_bold(297, 755, "王小明1，李华2", 12, centre=True)
        page.c.setFont(CJK_FONT, 10)
        page.c.drawCentredString(297, 735, "1北京语言大学  2清华大学")
        page.fake_bold(297, 705, "摘要", 12, centre=True)
        page.c.setFont(CJK_FONT, 10.5)
        for number, start in enumerate(range(0, len(zh), 38)):
            page.c.drawString(80, 685 - number * 14, zh[start : start + 38])
        page.fake_bold(80, 600, "关键词：", 10.5)
        page.c.setFont(CJK_FONT, 10.5)
        page.c.drawString(122, 600, "学习者文本；语法纠错")
        page.text(297, 560, "A Survey of Chinese Learner Text Correction", 14, BOLD, centre=True)
        page.names(538, [("Xiaoming Wang", "1"), ("Hua Li", "2")], 12, 297)
        page.text(297, 520, "1Beijing Language and Culture University  2Tsinghua University", 10, centre=True)
        page.text(297, 490, "Abstract", 12, BOLD, centre=True)
        y = page.para(80, 470, 435, en, 10.5)
        page.text(80, y - 10, "Keywords: learner text, grammatical error correction", 10.5)

    path = write_pdf(folder / "chinese.pdf", [draw], size=A4)
    return path, Expected(
        "A Survey of Chinese Learner Text Correction",
        ["Xiaoming Wang", "Hua Li"],
        zh[:20],
        en[-40:],
        keywords=["学习者文本", "语法纠错", "learner text", "grammatical error correction"],
        not_in_abstract=["汉汉", "关键词", "Keywords"],
    )


def scanned_with_ocr(folder: Path) -> tuple[Path, Expected]:
    """A scan: the page is an image, with an OCR layer of invisible text lines over it."""
    text = TEXT["protein folding"]

    def draw(page: Page) -> None:
        page.scan(612, 792)
        page.invisible(150, 700, "Folding Pathways of Small Proteins", 18)
        page.invisible(230, 670, "Yara Haddad and Zoe King", 11)
        page.invisible(280, 630, "Abstract", 11)
        for number, line in enumerate(wrap(text, 420, 10, ROMAN)):
            page.invisible(96, 610 - number * 12, line, 10)
        page.invisible(96, 480, "Introduction", 11)

    path = write_pdf(folder / "scan-ocr.pdf", [draw])
    return path, Expected("Folding Pathways of Small Proteins", ["Yara Haddad", "Zoe King"], text[:60], text[-40:])


def scanned_without_text(folder: Path) -> Path:
    return write_pdf(folder / "scan.pdf", [lambda page: page.scan(612, 792)] * 2)


LAYOUTS: dict[str, Callable[[Path], tuple[Path, Expected]]] = {
    "arxiv preprint": arxiv_preprint,
    "ACM two-column": acm_two_column,
    "IEEE journal": ieee_journal,
    "ACL two-column": acl_two_column,
    "CVPR two-column": cvpr_two_column,
    "PLOS typeset": plos_typeset,
    "Elsevier article info": elsevier_article,
    "Springer LNCS": springer_lncs,
    "line-numbered draft": line_numbered_draft,
    "ResearchGate cover": lambda folder: with_cover_page(folder, "researchgate"),
    "JSTOR cover": lambda folder: with_cover_page(folder, "jstor"),
    "Chinese with both abstracts": chinese_paper,
    "scan with an OCR layer": scanned_with_ocr,
}
