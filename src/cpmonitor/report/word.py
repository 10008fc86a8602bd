"""The report as a Word document (python-docx), for officers to edit into a committee paper.

Real Word structure, so it can be edited and read by a screen reader: Title and Heading 1–2
styles (the navigation pane works), tables with a repeating header row, charts as pictures
with alternative text, numbers right-aligned. Restricted reports carry OFFICIAL-SENSITIVE in
the header and footer of every page. Document properties name no child.
"""

from __future__ import annotations

import io
from datetime import datetime, time

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import words as w
from .html import KEEP_TOGETHER
from .model import (
    Bullets,
    Chart,
    Definitions,
    Heading,
    KeyFigures,
    Notice,
    Paragraph,
    Report,
    Table,
)

FONT = "Arial"
RED = RGBColor(0xCA, 0x35, 0x35)
BLUE = RGBColor(0x1D, 0x70, 0xB8)
GREY = RGBColor(0x48, 0x49, 0x49)
CONTENT_WIDTH = Cm(17)
CELL_PADDING = Cm(0.5)  # a cell's left and right margins (0.19 cm each) and a little over


def _field(run, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``run``."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 12.5), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        rfonts = style.element.rPr.rFonts if style.element.rPr is not None else None
        if rfonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)


def _marking(paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = RED
    run.font.size = Pt(11)


def _page_furniture(doc, report: Report) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    if report.marking:
        _marking(section.header.paragraphs[0], report.marking)
        _marking(section.footer.paragraphs[0], report.marking)
        footer = section.footer.add_paragraph()
    else:
        footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text, field in (
        (f"{report.council} · {report.period_label} · Page ", "PAGE"),
        (" of ", "NUMPAGES"),
    ):
        footer.add_run(text).font.size = Pt(8)
        run = footer.add_run()
        run.font.size = Pt(8)
        _field(run, field)


def _properties(doc, report: Report) -> None:
    """Document properties: the title only; no person, no child."""
    props = doc.core_properties
    props.title = f"{report.title}: {report.subtitle}"
    props.subject = "Repeat child protection plans"
    props.author = "cpmonitor"
    props.last_modified_by = "cpmonitor"
    props.comments = ""
    props.keywords = "child protection; repeat plans; CIN census"
    props.category = report.classification or "For publication"
    props.revision = 1
    stamp = datetime.combine(report.generated, time(0, 0))
    props.created = props.modified = stamp
    props.last_printed = stamp


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell, colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    tc_pr.append(shd)


def _cell_text(cell, text: str, bold: bool = False, right: bool = False, size: float = 8.5):
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _table(doc, table: Table) -> None:
    if table.detail:
        doc.add_paragraph(
            f"{table.title}: in the Excel version of this report (sheet '{table.key}')."
        ).runs[0].font.color.rgb = GREY
        return
    doc.add_heading(table.title, level=3).paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    _repeat_header(header)
    size = 8.5 if len(table.columns) < 8 else 7.5
    for i, column in enumerate(table.columns):
        cell = header.cells[i]
        _cell_text(cell, column.label, bold=True, right=i > 0 and column.kind != "text", size=size)
        _shade(cell, "F3F2F1")
    for r, values in enumerate(table.rows):
        total = table.total_row and r == len(table.rows) - 1
        cells = grid.add_row().cells
        for i, (value, column) in enumerate(zip(values, table.columns, strict=True)):
            _cell_text(
                cells[i],
                w.cell(value, column),
                bold=total or i == 0,
                right=i > 0 and column.kind != "text",
                size=size,
            )
    _widths(grid, table, size)
    if len(table.rows) <= KEEP_TOGETHER:
        _keep_together(grid)
    for note in table.notes:
        p = doc.add_paragraph()
        run = p.add_run(note.replace("`", ""))
        run.font.size = Pt(8.5)
        run.font.color.rgb = GREY
    doc.add_paragraph()


def _widths(grid, table: Table, size: float) -> None:
    """Column widths from the longest text in each column (Word would make them all equal),
    each at least as wide as its longest word (a child ID, a date, a header word) at the
    table's font size, so that no word is broken across lines."""
    texts = [[c.label for c in table.columns]] + [
        [w.cell(v, c) for v, c in zip(row, table.columns, strict=True)] for row in table.rows
    ]
    # a digit or capital is a little over half the font size; bold (the first column) more
    chars = [Pt(size * (0.7 if i == 0 else 0.6)) for i in range(len(table.columns))]
    least = [
        max(len(word) for t in texts for word in t[i].split() or [""]) * chars[i] + CELL_PADDING
        for i in range(len(table.columns))
    ]
    weights = []
    for i, column in enumerate(table.columns):
        longest = max(len(t[i]) for t in texts[1:]) if table.rows else 0
        header = max(len(part) for part in column.label.split())
        if i == 0 and column.kind == "text":
            weights.append(min(max(longest, header, 8), 45))
        else:
            weights.append(min(max(longest, header, 7), 22))
    total = sum(weights)
    wanted = [
        max(m, CONTENT_WIDTH * weight / total) for m, weight in zip(least, weights, strict=True)
    ]
    spare = sum(wanted) - CONTENT_WIDTH
    if spare > 0:  # too wide: take it from what each column has beyond its longest word
        room = sum(x - m for x, m in zip(wanted, least, strict=True)) or 1
        wanted = [x - (x - m) * min(1, spare / room) for x, m in zip(wanted, least, strict=True)]
    grid.autofit = False
    for i, width in enumerate(int(x) for x in wanted):
        grid.columns[i].width = width
        for cell in grid.columns[i].cells:
            cell.width = width


def _keep_together(grid) -> None:
    """Keep a short table on one page (Word: each row kept with the next)."""
    for row in grid.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _chart(doc, chart: Chart) -> None:
    if chart.intro:
        doc.add_paragraph(chart.intro).paragraph_format.keep_with_next = True
    doc.add_picture(io.BytesIO(chart.png), width=CONTENT_WIDTH)
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    inline = picture.runs[-1]._r.xpath(".//wp:docPr")[0]
    inline.set("descr", chart.alt)
    inline.set("title", chart.title)
    caption = doc.add_paragraph()
    run = caption.add_run(f"{chart.title}.")
    run.italic = True
    run.font.size = Pt(9)
    run.font.color.rgb = GREY


def _key_figures(doc, block: KeyFigures) -> None:
    grid = doc.add_table(rows=1, cols=len(block.items))
    for cell, figure in zip(grid.rows[0].cells, block.items, strict=True):
        _shade(cell, "F4F8FB")
        _cell_text(cell, figure.label, size=8.5)
        p = cell.add_paragraph()
        run = p.add_run(figure.value)
        run.bold = True
        run.font.size = Pt(18)
        run.font.color.rgb = BLUE
        if figure.detail:
            p = cell.add_paragraph()
            run = p.add_run(figure.detail)
            run.font.size = Pt(8.5)
            run.font.color.rgb = GREY
    doc.add_paragraph()


def _block(doc, block) -> None:
    if isinstance(block, Paragraph):
        p = doc.add_paragraph()
        run = p.add_run(block.text.replace("`", ""))
        if block.lead:
            run.font.size = Pt(12)
    elif isinstance(block, Heading):
        doc.add_heading(block.text, level=2)
    elif isinstance(block, Bullets):
        style = "List Number" if block.numbered else "List Bullet"
        for item in block.items:
            doc.add_paragraph(item.replace("`", ""), style=style)
    elif isinstance(block, Notice):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(0.6)
        if block.kind == "warning":
            lead = p.add_run("Warning: ")
            lead.bold = True
        run = p.add_run(block.text.replace("`", ""))
        run.bold = block.kind == "warning"
    elif isinstance(block, KeyFigures):
        _key_figures(doc, block)
    elif isinstance(block, Definitions):
        doc.add_heading(block.title, level=2)
        grid = doc.add_table(rows=0, cols=2)
        grid.style = doc.styles["Table Grid"]
        for term, text in block.items:
            cells = grid.add_row().cells
            _cell_text(cells[0], term, bold=True, size=9)
            _cell_text(cells[1], text.replace("`", ""), size=9)
            cells[0].width, cells[1].width = Cm(4.5), Cm(12.5)
        doc.add_paragraph()
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, Chart):
        _chart(doc, block)
    else:
        raise TypeError(f"no Word layout for {type(block).__name__}")


def render_docx(report: Report) -> bytes:
    """DOCX bytes of ``report``."""
    doc = Document()
    _styles(doc)
    _page_furniture(doc, report)
    _properties(doc, report)
    doc.add_paragraph(report.subtitle).runs[0].font.color.rgb = GREY
    doc.add_heading(report.title, level=0)
    meta = doc.add_table(rows=0, cols=2)
    for key, value in report.meta:
        cells = meta.add_row().cells
        _cell_text(cells[0], key, bold=True, size=9.5)
        _cell_text(cells[1], value, size=9.5)
        cells[0].width, cells[1].width = Cm(3.5), Cm(13.5)
    for heading, section in report.headings():
        doc.add_heading(heading, level=1)
        for block in section.blocks:
            _block(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
