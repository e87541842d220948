"""A one-sheet .xlsx written as a stream: rows go straight into the zip, memory stays flat.

openpyxl's write-only mode also streams, but builds a cell object and an XML element per
cell (~20 µs each); a 100,000-item ledger has ~1.9 million cells. Here a row is one string
built from a handful of fixed styles, which is what the ledger needs and is many times
faster. The file is an ordinary Office Open XML workbook (Excel, WPS, LibreOffice and
openpyxl read it), with:

* style 0 plain, 1 bold white on red (the header), 2 wrapped text aligned to the top,
  3 a date shown as yyyy-mm-dd (dates are real date serials, not text);
* every text as an inline string, so text beginning with ``=``, ``+``, ``-`` or ``@`` is
  always text, never a formula;
* the first row frozen and fixed column widths.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import IO
from xml.sax.saxutils import escape, quoteattr

HEADER_STYLE, TEXT_STYLE, DATE_STYLE = 1, 2, 3
EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 in Excel's 1900 date system
_EPOCH_ORDINAL = EXCEL_EPOCH.toordinal()
# Characters XML 1.0 cannot carry at all. Input refuses them already; old rows are cleaned
# rather than producing a file Excel says is corrupt.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Any character _text changes: most texts have none and are written as they are.
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Rows go into the zip in chunks: a zip write (crc, deflate call) per row took about a
# tenth of the writing time.
ROWS_PER_WRITE = 500
SHEET_PATH = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PKG_REL_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '</Relationships>')
# Colours as openpyxl writes "FFFFFF" / "B3261E" (alpha 00), so the file reads back the same.
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{MAIN_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><color rgb="00FFFFFF"/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00B3261E"/></patternFill></fill>'
    '</fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _workbook_xml(sheet_name: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            f'<sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>')


def _sheet_head(widths: Sequence[float]) -> str:
    columns = "".join(f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
                      for n, width in enumerate(widths, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            f'</sheetView></sheetViews><cols>{columns}</cols><sheetData>')


def _text(value: str) -> str:
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("", value)
    return escape(value)


class StreamingSheet:
    """Write one sheet row by row into ``path``; use as a context manager.

    ``append`` takes plain values: ``str`` (wrapped text), ``date``/``datetime`` (a real
    date), ``int``/``float`` (a number), ``None`` or ``""`` (an empty cell).
    """

    def __init__(self, path: str, sheet_name: str, widths: Sequence[float],
                 zip64: bool = False) -> None:
        """``zip64``: needed once the sheet passes 2 GB uncompressed; off by default
        because some Excel versions warn about Zip64 headers in ordinary files."""
        # Level 1 deflate: the sheet XML is very repetitive, so the file is barely larger
        # than at the default level and compressing takes a fraction of the time.
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS),
                           ("xl/workbook.xml", _workbook_xml(sheet_name)),
                           ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/styles.xml", STYLES)):
            self._zip.writestr(name, text)
        self._sheet: IO[bytes] = self._zip.open(SHEET_PATH, "w", force_zip64=zip64)
        self._letters = [column_letter(n) for n in range(len(widths))]
        self._rows = 0
        self._pending: list[str] = []
        self._sheet.write(_sheet_head(widths).encode())

    def header(self, values: Iterable[str]) -> None:
        """The first row, in the header style."""
        self._rows += 1
        row = str(self._rows)
        self._write_row(row, "".join(
            f'<c r="{letter}{row}" s="{HEADER_STYLE}" t="inlineStr"><is><t>{_text(str(value))}'
            '</t></is></c>' for letter, value in zip(self._letters, values, strict=True)))

    def append(self, values: Iterable[object]) -> None:
        """One row of plain values, in column order."""
        self._rows += 1
        row = str(self._rows)
        self._write_row(row, "".join([
            _cell(letter + row, value)
            for letter, value in zip(self._letters, values, strict=True)]))

    def _write_row(self, row: str, cells: str) -> None:
        self._pending.append(f'<row r="{row}">{cells}</row>')
        if len(self._pending) >= ROWS_PER_WRITE:
            self._flush()

    def _flush(self) -> None:
        self._sheet.write("".join(self._pending).encode())
        self._pending.clear()

    def close(self) -> None:
        self._flush()
        self._sheet.write(b"</sheetData></worksheet>")
        self._sheet.close()
        self._zip.close()

    def __enter__(self) -> StreamingSheet:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _cell(ref: str, value: object) -> str:
    """One cell's XML; an empty value writes no cell at all."""
    if value.__class__ is str:  # most cells: skip the general checks below
        if not value:
            return ""
        # Most texts have nothing to escape or remove: skip _text for them.
        return _text_cell(ref, _text(value) if _SPECIAL.search(value) else value)
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _text_cell(ref, _text(value))
    if isinstance(value, date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{_serial(value)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    raise TypeError(f"cannot write {type(value).__name__} to a cell")


def _text_cell(ref: str, xml_text: str) -> str:
    return (f'<c r="{ref}" s="{TEXT_STYLE}" t="inlineStr">'
            f'<is><t xml:space="preserve">{xml_text}</t></is></c>')


def _serial(value: date) -> int | float:
    """Excel's day number; a datetime keeps its time of day as the fraction."""
    if isinstance(value, datetime):
        delta = value - datetime(1899, 12, 30, tzinfo=value.tzinfo)
        return delta.days + delta.seconds / 86400
    return value.toordinal() - _EPOCH_ORDINAL
