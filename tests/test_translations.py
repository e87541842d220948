"""Every interface text has a Simplified Chinese translation, and the catalogue is current."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "rectify/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def message_ids(path: Path) -> set[str]:
    with open(path, "rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_catalogue_covers_every_text_in_the_code(tmp_path):
    extracted = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-o", str(extracted), "."], cwd=ROOT, check=True,
                   capture_output=True)
    missing = message_ids(extracted) - message_ids(CATALOG)
    assert not missing, f"run pybabel extract/update and translate: {sorted(missing)}"


def test_every_message_is_translated():
    with open(CATALOG, "rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not untranslated


CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
ASCII_NEXT_TO_CJK = re.compile(rf"{CJK}[,:;()]|[,:;()]{CJK}")
# Placeholders, URLs and verbatim input quoted 「like this」 keep their ASCII punctuation.
PLACEHOLDER_OR_URL = re.compile(r"%\([a-z_]+\)[sd]|https?://\S+|「[^」]*」")


def test_chinese_texts_use_full_width_punctuation():
    """An ASCII comma, colon, semicolon or parenthesis beside a Chinese character
    (错误,或) is a typo for ，：；（）; placeholders such as %(name)s, URLs and verbatim
    input quoted 「2027-10-01,休,国庆节」 keep theirs."""
    with open(CATALOG, "rb") as handle:
        catalog = read_po(handle)
    texts = [s for m in catalog if m.id
             for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    wrong = [s for s in texts if ASCII_NEXT_TO_CJK.search(PLACEHOLDER_OR_URL.sub("x", s))]
    assert not wrong, wrong
    assert ASCII_NEXT_TO_CJK.search("错误,或") and not ASCII_NEXT_TO_CJK.search("错误，或")
    assert not ASCII_NEXT_TO_CJK.search(PLACEHOLDER_OR_URL.sub("x", "例如「日期,休」"))
