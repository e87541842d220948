"""Paper sheets through the browser: from a collecting evaluation's page the committee
opens 纸质评议表录入, downloads a rater group's template, uploads it filled with a bad
cell (the problem is shown at its row and column, nothing stored), then the corrected
file (the sheets are stored)."""

from __future__ import annotations

import io

from evaluation_world import make_evaluation
from openpyxl import load_workbook
from sqlalchemy import func, select

from browser.conftest import screenshot, sign_in
from rectify.extensions import db
from rectify.models import PaperSheet


def test_committee_imports_paper_sheets(world, live_server, new_page, tmp_path):
    evaluation = make_evaluation(world, collecting=True)
    page = new_page()
    sign_in(page, live_server, "committee")
    page.goto(f"{live_server}/evaluations/{evaluation.id}")
    page.click("text=纸质评议表录入")
    with page.expect_download() as download:
        page.locator("table.paper-groups a.button").first.click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book.worksheets[0]
    sheet.append([1, *(28, 26, 18, 19) * 3])
    sheet.append([2, 31, *(26, 18, 19), *(28, 26, 18, 19) * 2])
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    book.save(bad)
    page.set_input_files("#file", str(bad))
    page.click("button.primary")
    page.wait_for_selector("table.import-problems")
    assert "“31”不是 0 至 30 之间的整数分" in page.inner_text("table.import-problems")
    screenshot(page, "evaluation-paper-import-problems")
    assert db.session.scalar(select(func.count(PaperSheet.sheet_id))) == 0
    sheet.cell(3, 2).value = 30
    book.save(good)
    page.set_input_files("#file", str(good))
    page.click("button.primary")
    page.wait_for_selector(".flash-success#import-result")
    screenshot(page, "evaluation-paper-import")
    assert db.session.scalar(select(func.count(PaperSheet.sheet_id))) == 2
