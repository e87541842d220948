"""Word documents: feedback letters and the progress report, their permissions, their
content, the command line, and that LibreOffice opens them."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import move, raise_item


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def campaign_items(world):
    """Unit a: one overdue item in progress, one closed; unit b: one open; c: none."""
    overdue = move(world, raise_item(world, lead="a", problem="早市占道经营反复出现",
                                     due_date=date(2026, 5, 25), co=("b",)),
                   ("dept-a", "sign_for"))
    closed = raise_item(world, lead="a", problem="执法记录仪配备不足")
    move(world, closed, ("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close"))
    fresh = raise_item(world, lead="b", problem="举报信件只转不办", check_type="river_patrol")
    return overdue, closed, fresh


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype.endswith("wordprocessingml.document")
    return response.data


def test_feedback_letter_lists_the_units_problems_and_requirements(world, login, campaign_items):
    overdue, closed, fresh = campaign_items
    url = f"/reports/{world.campaign.id}/feedback/{world.units['a'].id}.docx"
    text = text_of(download(login("committee"), url))
    assert "关于市甲局检查评议情况的反馈意见" in text and "市甲局：" in text
    for heading in ("一、存在的问题", "二、整改要求", "三、有关要求"):
        assert heading in text
    assert "（一）" in text and "（二）" in text
    assert "早市占道经营反复出现" in text and "执法记录仪配备不足" in text
    assert "举报信件只转不办" not in text  # unit b's problem
    assert "整改期限：2026年5月25日" in text and "配合单位：市乙局" in text
    assert "市人大常委会" in text


def test_a_department_gets_only_its_own_letter(world, login, campaign_items):
    client = login("dept-a")
    own = f"/reports/{world.campaign.id}/feedback/{world.units['a'].id}.docx"
    other = f"/reports/{world.campaign.id}/feedback/{world.units['b'].id}.docx"
    assert "早市占道经营反复出现" in text_of(download(client, own))
    assert client.get(other).status_code == 404
    assert client.get(f"/reports/{world.campaign.id}/progress.docx").status_code == 403
    page = client.get("/reports/").get_data(as_text=True)
    assert "市甲局" in page and "市乙局" not in page and "下载整改情况报告" not in page
    for username in ("leader", "admin"):
        assert download(login(username), other)
    assert login("dept-a").get("/reports/999/progress.docx").status_code == 403
    assert login("committee").get("/reports/999/progress.docx").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(world, app):
    response = app.test_client().get(f"/reports/{world.campaign.id}/progress.docx")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_progress_report_figures_match_the_items(world, login, campaign_items):
    text = text_of(download(login("leader"), f"/reports/{world.campaign.id}/progress.docx"))
    assert "本次评议共交办事项3项，已核验销号1项，销号率33.3%" in text
    assert "整改中1项" in text and "尚未签收1项" in text and "逾期1项" in text
    for heading in ("一、总体情况", "二、各单位整改情况", "三、逾期事项", "四、分类整改情况",
                    "五、插件检查结果", "六、下一步工作"):
        assert heading in text
    document = Document(io.BytesIO(download(login("leader"),
                                            f"/reports/{world.campaign.id}/progress.docx")))
    units = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in document.tables[0].rows}
    assert units["市甲局"] == ["2", "1", "1", "1", "50.0%", "—"]  # no ratings yet
    assert units["市乙局"] == ["1", "0", "1", "0", "0.0%", "—"]
    assert "市丙局" not in units
    overdue_rows = [[c.text for c in row.cells] for row in document.tables[1].rows[1:]]
    assert [(r[0], r[1], r[4]) for r in overdue_rows] == [(campaign_items[0].code, "市甲局", "7")]
    assert "河道巡查：1项，符合规则0项，未符合1项" in text


def test_command_line_writes_both_documents(world, app, campaign_items, tmp_path):
    runner = app.test_cli_runner()
    letter, report = tmp_path / "letter.docx", tmp_path / "report.docx"
    result = runner.invoke(args=["report", "feedback", "--unit", "a", "--out", str(letter)])
    assert result.exit_code == 0, result.output
    assert "早市占道经营反复出现" in text_of(letter.read_bytes())
    result = runner.invoke(args=["report", "progress", "--campaign", str(world.campaign.id),
                                 "--out", str(report)])
    assert result.exit_code == 0, result.output
    assert "市乙局" in text_of(report.read_bytes())
    bad = runner.invoke(args=["report", "feedback", "--unit", "nope", "--out", str(letter)])
    assert bad.exit_code != 0 and "No unit" in bad.output


def to_pdf(content: bytes, tmp_path, name: str) -> PdfReader:
    """Convert with LibreOffice, headless, with a profile of its own."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: make test installs libreoffice-writer-nogui as root"
    source = tmp_path / f"{name}.docx"
    source.write_bytes(content)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    return PdfReader(tmp_path / f"{name}.pdf")


def test_libreoffice_opens_both_documents(world, login, campaign_items, tmp_path):
    client = login("committee")
    letter = to_pdf(download(client, f"/reports/{world.campaign.id}/feedback/"
                                     f"{world.units['a'].id}.docx"), tmp_path, "letter")
    assert len(letter.pages) == 1
    letter_text = "".join(page.extract_text() for page in letter.pages)
    assert "市甲局" in letter_text and "存在的问题" in letter_text
    report = to_pdf(download(client, f"/reports/{world.campaign.id}/progress.docx"),
                    tmp_path, "report")
    assert 1 <= len(report.pages) <= 3
    report_text = "".join(page.extract_text() for page in report.pages)
    assert "市甲局" in report_text and "市乙局" in report_text


@pytest.mark.parametrize("number, text", [
    (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"), (100, "一百"),
    (101, "一百零一"), (110, "一百一十"), (1001, "一千零一"), (2020, "二千零二十")])
def test_points_are_numbered_in_chinese_past_ninety_nine(number, text):
    from rectify.formats.docx_layout import chinese_number

    assert chinese_number(number) == text
