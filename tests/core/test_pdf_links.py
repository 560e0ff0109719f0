"""BibTeX `file` fields (Zotero, JabRef, Mendeley, Better BibTeX) and RIS L1/L2 links attach the
PDF they name, as a PDF import does: the path is kept when the file is on this machine."""

from __future__ import annotations

from pathlib import Path

from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.formats.attachments import bibtex_file_links
from tests.core.helpers import abstract, write


def pdf(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n")
    return path


def bib_entry(key: str, topic: str, file_field: str) -> str:
    return f"@article{{{key},\n  title = {{On {topic}}},\n  abstract = {{{abstract(topic)}}},\n  file = {{{file_field}}}\n}}\n"


def test_file_fields_as_each_manager_writes_them() -> None:
    assert bibtex_file_links("Full Text PDF:/home/u/Zotero/storage/AB12CD34/a.pdf:application/pdf") == [
        "/home/u/Zotero/storage/AB12CD34/a.pdf"
    ]
    assert bibtex_file_links(":papers/smith2020.pdf:PDF") == ["papers/smith2020.pdf"]  # JabRef, relative
    assert bibtex_file_links(r"Paper:C\:\\Users\\me\\a.pdf:PDF") == [r"C:\Users\me\a.pdf"]  # JabRef on Windows
    assert bibtex_file_links("/x/a.pdf;/x/notes.txt;/x/b.pdf") == ["/x/a.pdf", "/x/b.pdf"]  # Better BibTeX
    assert bibtex_file_links(":home/me/Mendeley Desktop/a.pdf:pdf") == ["home/me/Mendeley Desktop/a.pdf"]
    assert bibtex_file_links("Snapshot:/x/page.html:text/html") == []


def test_bibtex_file_fields_attach_pdfs_on_this_machine(tmp_path: Path) -> None:
    absolute = pdf(tmp_path / "Zotero" / "storage" / "AB12CD34" / "grasping.pdf")
    relative = pdf(tmp_path / "export" / "papers" / "search.pdf")
    text = (
        bib_entry("a", "grasping", f"Full Text PDF:{absolute}:application/pdf")
        + bib_entry("b", "search", ":papers/search.pdf:PDF")
        + bib_entry("c", "speech", f"{tmp_path}/gone.pdf")
    )
    reader = read_dump(write(tmp_path / "export" / "library.bib", text))
    papers = {paper.title: paper for paper in reader.records()}
    assert papers["On grasping"].pdf_path == str(absolute)
    assert papers["On search"].pdf_path == str(relative)
    assert papers["On speech"].pdf_path == ""
    assert "1 records link to a PDF that is not on this machine; kept without it" in reader.warnings


def test_ris_l1_and_l2_links_attach_pdfs(tmp_path: Path) -> None:
    local = pdf(tmp_path / "files" / "one.pdf")
    beside = pdf(tmp_path / "export" / "files" / "two.pdf")
    records = [
        ("One", f"L1  - file://{local}"),
        ("Two", "L2  - https://example.org/two.pdf\nL1  - files/two.pdf"),
        ("Three", "L1  - internal-pdf://1234567890/three.pdf"),  # EndNote's own library: not a file here
    ]
    text = "".join(
        f"TY  - JOUR\nTI  - Paper {title}\nAB  - {abstract(title.lower())}\n{links}\nER  - \n\n"
        for title, links in records
    )
    papers = {paper.title: paper for paper in read_dump(write(tmp_path / "export" / "refs.ris", text)).records()}
    assert papers["Paper One"].pdf_path == str(local)
    assert papers["Paper Two"].pdf_path == str(beside)
    assert papers["Paper Three"].pdf_path == ""
