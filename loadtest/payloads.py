"""What the load and fault tests upload: a small PNG photo and a problem list workbook."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date, timedelta

from openpyxl import Workbook

# The problem list's headers, as the import template names them (rectify.labels).
PROBLEM_LIST_HEADERS = ["编号", "牵头单位", "配合单位", "问题类别", "问题来源", "存在问题",
                        "整改要求", "整改期限", "优先级", "责任领导", "责任人", "检查类型"]


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A valid grey PNG image of a few hundred bytes, like a small evidence photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = b"".join(b"\x00" + bytes((x * 16 + y) % 256 for x in range(width))
                      for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


def problem_list(rows: int, marker: str, unit: str = "市财政局",
                 category: str = "依法行政") -> bytes:
    """An .xlsx problem list of ``rows`` new problems whose text starts with ``marker``."""
    book = Workbook()
    sheet = book.active
    sheet.append(PROBLEM_LIST_HEADERS)
    due = date.today() + timedelta(days=180)
    for number in range(rows):
        sheet.append([None, unit, None, category, "问卷调查", f"{marker} 第{number + 1}项问题",
                      "建立长效机制", due, None, "副局长 王明", "张三", None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
