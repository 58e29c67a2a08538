"""The PDF results sheet, checked as paper: rendered to PNG by pdftoppm, its text read by pdftotext."""

from __future__ import annotations

import re
import subprocess

import pytest
from sheet_helpers import example, need_tool

from floorcraft.reports.sheets import sheet_from_contract
from floorcraft.reports.sheets_render import render

# Page sizes in PostScript points: A4 is 210 × 297 mm, Letter 8.5 × 11 in.
PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}


def _pages(pdf, tmp_path, dpi: int = 50) -> list:
    """Render every page with pdftoppm; return the PNG paths."""
    need_tool("pdftoppm")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))


def _png_size_and_ink(path) -> tuple[tuple[int, int], float]:
    """(width, height) and the share of non-white pixels, read with matplotlib's PNG reader."""
    from matplotlib.image import imread

    image = imread(path)
    rgb = image[..., :3]
    ink = float((rgb.min(axis=2) < 0.9).mean())
    return (image.shape[1], image.shape[0]), ink


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_tso_n_final_renders_on_paper(tmp_path, paper):
    data = example("final_tso_n.json")
    pdf = tmp_path / f"sheet-{paper}.pdf"
    pdf.write_bytes(render(sheet_from_contract(data), "pdf", paper=paper))
    pages = _pages(pdf, tmp_path)
    assert 1 <= len(pages) <= 3
    width, height = PAPER_POINTS[paper]
    for page in pages:
        (w, h), ink = _png_size_and_ink(page)
        assert abs(w - width * 50 / 72) <= 2 and abs(h - height * 50 / 72) <= 2
        assert ink > 0.005  # not a blank page


def test_pdf_text_has_places_rule_11_and_a_signature_line_per_judge(tmp_path):
    need_tool("pdftotext")
    data = example("final_tso_n.json")
    meta_names = {"A": "Anna Berg", "E": "Eva Novak"}
    from floorcraft.reports.sheets import SheetMeta

    meta = SheetMeta(event="Open Latin", round_title="Final", judges=tuple(meta_names.items()))
    sheet = sheet_from_contract(data, meta=meta)
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(render(sheet, "pdf", paper="a4"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Open Latin — Final" in text
    assert "Rule 11 for place 2" in text and "15(34)" in text
    final_block = text[text.index("Final result") :]
    rows = re.findall(r"^\s*(\d)\s+(\d)\s+(R9|R10|R11)\s*$", final_block, re.MULTILINE)
    assert [(int(p), c) for p, c, _ in rows] == [
        (int(p), c) for c, p in sorted(data["expected"]["final"].items())
    ]
    assert ("2", "2", "R11") in rows
    for letter in data["judges"]:
        assert re.search(rf"Judge {letter}\b", text)
    assert "Judge A — Anna Berg" in text and "Judge E — Eva Novak" in text
    assert "Chairman of Adjudicators" in text
    assert text.count("_" * 38) == len(data["judges"]) + 2  # every judge, the scrutineer, the chairman


def test_recall_pdf_prints_the_reason_for_the_extra_couples(tmp_path):
    need_tool("pdftotext")
    pdf = tmp_path / "recall.pdf"
    pdf.write_bytes(render(sheet_from_contract(example("recall_tie.json")), "pdf", paper="letter"))
    assert len(_pages(pdf, tmp_path)) == 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "4 couples were requested" in " ".join(text.split())
