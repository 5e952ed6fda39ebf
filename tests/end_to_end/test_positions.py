"""Reported lines and columns count Unicode code points in the original file."""

from __future__ import annotations

import json

import pytest

from chatlint.message import SegmentBuilder, SourceMap
from chatlint.position import LineIndex


def _locations(cli, path):
    # "maybe" (five letters, so a finding spans five columns) is CL103's, a preview rule:
    # select it by code.
    result = cli(["check", "--select", "CL103", "--output-format", "json", path])
    return [
        (item["location"]["line"], item["location"]["column"], item["end_location"]["column"])
        for item in json.loads(result.stdout)
    ]


@pytest.mark.parametrize(
    "content, expected",
    [
        ("maybe\n", [(1, 1, 6)]),
        ("🙂🙂 maybe\n", [(1, 4, 9)]),  # emoji outside the BMP is one column
        ("👩‍👩‍👧 maybe\n", [(1, 7, 12)]),  # a ZWJ family is five code points
        ("您好，maybe 明天\n", [(1, 4, 9)]),
        ("Cafe\u0301 maybe\n", [(1, 7, 12)]),  # a combining accent is its own code point
        ("hello\r\nthere\r\nmaybe\r\n", [(3, 1, 6)]),
        ("hello\rthere\rmaybe\r", [(3, 1, 6)]),
        ("one\n\n\n  maybe", [(4, 3, 8)]),
    ],
)
def test_columns_in_code_points(cli, write, content, expected):
    write("reply.txt", content)
    assert _locations(cli, "reply.txt") == expected


def test_utf8_bom_is_not_a_column(cli, write):
    write("reply.txt", "\ufeffmaybe so\n".encode("utf-8"))
    assert _locations(cli, "reply.txt") == [(1, 1, 6)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(cli, write, encoding):
    data = "Hi\r\nmaybe\r\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    write("reply.txt", data)
    assert _locations(cli, "reply.txt") == [(2, 1, 6)]


def test_line_index():
    index = LineIndex("ab\r\ncd\ref\ngh")
    assert [index.location(offset) for offset in (0, 2, 4, 7, 10, 12)] == [
        (1, 1),
        (1, 3),
        (2, 1),
        (3, 1),
        (4, 1),
        (4, 3),
    ]
    assert index.location(99) == (4, 3)


def test_source_map_copied_and_replaced_segments():
    builder = SegmentBuilder()
    builder.copy("Tom ", 10)
    builder.replace("&", 14, 19)  # "&amp;" decoded
    builder.copy(" Jerry", 19)
    text, source_map = builder.build()
    assert text == "Tom & Jerry"
    assert (source_map.start(0), source_map.end(3)) == (10, 13)
    assert (source_map.start(4), source_map.end(5)) == (14, 19)  # the entity maps whole
    assert (source_map.start(6), source_map.end(11)) == (20, 25)
    assert source_map.is_copied(6, 11) and not source_map.is_copied(3, 6)


def test_identity_map():
    source_map = SourceMap.identity(5, base=7)
    assert (source_map.start(0), source_map.end(5), source_map.start(5)) == (7, 12, 12)
