"""What one problem-list import may cost is bounded (issue 14, point 8): the declared
unpacked size, the cells read (empty rows too), the rows, the time, and the problems
listed. Each file is made in the test, small, and refused (or imported) in seconds."""

import io
import time
import zipfile

import pytest
from test_problem_import import HEADERS, item_count, row, upload, workbook

from rectify.services.documents import problem_import

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def committee(login):
    return login("committee")


def cell(column: str, number: int, text: str) -> str:
    return f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str, dimension: str = "A1:L2") -> str:
    header = "".join(cell(chr(ord("A") + i), 1, h) for i, h in enumerate(HEADERS))
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData><row r="1">{header}</row>{rows}'
            '</sheetData></worksheet>')


def replaced(members: dict[str, str]) -> bytes:
    """A workbook made by openpyxl with some of its members replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            if info.filename not in members:
                archive.writestr(info.filename, source.read(info.filename))
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def good_row(number: int) -> str:
    values = ["", "市甲局", "", "依法行政", "问卷调查", "早市管理不到位", "建立常态化管理机制"]
    return f'<row r="{number}">' + "".join(
        cell(chr(ord("A") + i), number, v) for i, v in enumerate(values) if v) + "</row>"


def test_a_huge_declared_dimension_is_not_read(world, committee):
    content = replaced({SHEET: sheet_xml(good_row(2), dimension="A1:XFD1048576")})
    started = time.monotonic()
    response = upload(committee, world, content)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert item_count() == 1 and time.monotonic() - started < 5


def test_a_million_empty_rows_are_refused_quickly(world, committee):
    far = f'<row r="1048576">{cell("B", 1048576, "市甲局")}</row>'
    content = replaced({SHEET: sheet_xml(good_row(2) + far)})
    assert len(content) < 20_000
    started = time.monotonic()
    response = upload(committee, world, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "需读取的单元格超过 1000000 个" in page
    assert item_count() == 0 and time.monotonic() - started < 5


def test_a_huge_declared_shared_strings_table_is_refused_before_parsing(
        world, committee, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a zip bomb")

    monkeypatch.setattr(problem_import, "load_workbook", never)
    strings = "<si><t>a</t></si>" * (94 * 1024 * 1024 // 16)
    content = replaced({"xl/sharedStrings.xml": f"<sst>{strings}</sst>"})
    assert len(content) < 1_000_000
    response = upload(committee, world, content)
    assert response.status_code == 400 and "解压后超过允许的大小" in response.get_data(as_text=True)
    assert item_count() == 0


def test_100000_bad_rows_give_a_short_report_with_the_count_of_the_rest(world, committee, app):
    app.config["IMPORT_MAX_ROWS"] = 5000  # the default is 20,000: four times slower to test
    rows = "".join(f'<row r="{n}">{cell("B", n, "无此单位")}</row>' for n in range(2, 100_002))
    started = time.monotonic()
    response = upload(committee, world, replaced({SHEET: sheet_xml(rows)}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    # Reading stops past 5,000 rows; five problems a row, the first 200 listed.
    assert "超过 5000 行" in page
    assert page.count("<tr><td>") == 201
    assert f"另有 {5000 * 5 - 200} 处问题未列出" in page
    assert f"文件中有 {5000 * 5 + 1} 处问题" in page
    assert len(response.data) < 100_000 and item_count() == 0
    assert time.monotonic() - started < 5


def test_the_row_and_problem_caps_are_settings(world, committee, app):
    app.config.update(IMPORT_MAX_ROWS=3, IMPORT_MAX_PROBLEMS=2)
    response = upload(committee, world, workbook(*[row(unit="无此单位")] * 5))
    page = response.get_data(as_text=True)
    assert "超过 3 行" in page and "另有 1 处问题未列出" in page
    assert page.count("<tr><td>") == 3 and item_count() == 0


def test_an_import_past_its_time_is_refused(world, committee, app):
    app.config["IMPORT_MAX_SECONDS"] = 0
    response = upload(committee, world, workbook(row()))
    assert response.status_code == 400 and "读取文件超过 0 秒" in response.get_data(as_text=True)
    assert item_count() == 0
