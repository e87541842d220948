"""The formal layout of the committee's Word documents (公文格式), on python-docx.

Titles in a bold serif, level-one headings 一、二、三 in a sans-serif (黑体), level-two
headings (一)(二) in 楷体, body text in 仿宋 with a two-character first-line indent, as
the reference report is laid out. Fonts fall back to whatever CJK font the reader has.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..text import xml_safe

CHINESE_NUMERALS = "一二三四五六七八九十"
TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "宋体", "黑体", "楷体", "仿宋"
BODY_SIZE = Pt(14)  # 四号, the usual size of a committee document's body text


def chinese_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十, 101 -> 一百零一, 110 -> 一百一十 (1 to 9999): the
    numbering of headings and points, which a unit with many items takes past 99."""
    if not 1 <= n <= 9999:
        raise ValueError(f"Cannot number {n} in Chinese")
    if n < 20:
        return CHINESE_NUMERALS[n - 1] if n <= 10 else "十" + CHINESE_NUMERALS[n - 11]
    digits, text, gap = "零" + CHINESE_NUMERALS[:9], "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            text += ("零" if gap else "") + digits[digit] + name
            gap = False
        elif text:
            gap = True
    return text


class FormalDocument:
    """A Word document written top to bottom: title, headings, paragraphs, tables."""

    def __init__(self) -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        self._headings = 0
        self._subheadings = 0

    def _run(self, paragraph: Paragraph, text: str, font: str, size: Length = BODY_SIZE,
             bold: bool = False) -> Run:
        # Text stored before the input rule refused XML-invalid characters must not
        # make the whole document fail.
        run = paragraph.add_run(xml_safe(text))
        run.font.name, run.font.size, run.bold = font, size, bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        return run

    def document_number(self, text: str) -> None:
        """The 文号 line above the title, centred (nothing when ``text`` is empty)."""
        if text:
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(paragraph, text, BODY_FONT)

    def title(self, text: str, subtitle: str = "") -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(paragraph, text, TITLE_FONT, Pt(22), bold=True)
        if subtitle:
            line = self.document.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(line, subtitle, SUBHEADING_FONT)

    def heading(self, text: str, numbered: bool = True) -> None:
        """A level-one heading: 一、存在的问题."""
        self._headings += 1
        self._subheadings = 0
        prefix = f"{chinese_number(self._headings)}、" if numbered else ""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(28)
        self._run(paragraph, prefix + text, HEADING_FONT)

    def point(self, heading: str, text: str = "") -> None:
        """A numbered point (一)… with a bold lead-in and its text in the same paragraph."""
        self._subheadings += 1
        paragraph = self.paragraph("")
        self._run(paragraph, f"（{chinese_number(self._subheadings)}）{heading}", SUBHEADING_FONT,
                  bold=True)
        if text:
            self._run(paragraph, text, BODY_FONT)

    def paragraph(self, text: str, indent: bool = True, align_right: bool = False) -> Paragraph:
        paragraph = self.document.add_paragraph()
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(28)
        if align_right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if text:
            self._run(paragraph, text, BODY_FONT)
        return paragraph

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]],
              widths_cm: Sequence[float] | None = None) -> None:
        """A grid table; ``widths_cm`` sets the columns' widths (the text width is 15.6 cm)."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = widths_cm is None
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            self._run(cell.paragraphs[0], header, HEADING_FONT, Pt(11))
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                self._run(cell.paragraphs[0], "" if value is None else str(value), BODY_FONT,
                          Pt(11))
        # Not strict: without ``widths_cm`` no column is sized (Word autofits them).
        for column, width in zip(table.columns, widths_cm or (), strict=False):
            column.width = Cm(width)  # the grid, which LibreOffice follows
            for cell in column.cells:
                cell.width = Cm(width)  # each cell, which Word follows
        self.document.add_paragraph()

    def signature(self, organisation: str, date_text: str) -> None:
        self.document.add_paragraph()
        self.paragraph(organisation, indent=False, align_right=True)
        self.paragraph(date_text, indent=False, align_right=True)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
