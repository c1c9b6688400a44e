"""The one place for characters no text may hold, and for text that shows nothing."""

import pytest

from core.text import forbidden_character, is_invisible, normalize_text


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\ud800", "\x0b"])
def test_forbidden_characters(char):
    assert forbidden_character(f"a{char}b") == char


@pytest.mark.parametrize("text", ["张三", "a\tb", "第一行\n第二行\r\n", "Ｆｕｌｌ"])
def test_ordinary_text_passes(text):
    assert forbidden_character(text) is None


@pytest.mark.parametrize(
    "text", ["", "   ", "\u200b\u200c\u200d", "\ufeff", "\u3000\u200b", "\u00ad"]
)
def test_invisible_only_text(text):
    assert is_invisible(text)


def test_normalize_removes_format_characters_and_trims():
    assert normalize_text("\u3000张\u200b三 ") == "张三"
    assert normalize_text("e\u0301") == "é"
