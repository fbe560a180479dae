"""R-6.4-3: the short ways of reading a standard number give what the general reading gives.

``standard_numbers.parse`` reads a national or local number written as the catalog writes it at
once, and ``StandardNumber.key`` drops the padding of ASCII digits by a pattern; both exist for the
200,000-row import (issue 7 item 7). These properties hold them to the general rule: any text near
those shapes, and any text at all, gets the same number, warnings and refusal either way.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govstd.catalog import standard_numbers
from govstd.catalog.standard_numbers import StandardNumber, StandardNumberError

PREFIXES = ["GB", "GB/T", "GB/Z", "GB/X", "GBZ", "GBZ/T", "GB/TZ", "DB44/T", "DB4403/T", "DB443/T", "DB44", "DB4403",
            "DB/T", "DB4/T", "JS/T", "JS", "JS/Z", "JGJ", "JGJ/T", "XX/T", "TB/T", "T/SZS", "Q/ABC", "SZJG/NB", "ISO",
            "gb/t", "ＧＢ/Ｔ", "DB 44/T", "SZJG/NB/T"]
SEPARATORS = ["—", "-", "–", "－", " —", "— ", ":", "", "——"]
DIGITS = st.text(alphabet="0123456789１٣", min_size=1, max_size=6)


def _outcome(read, text: str):
    try:
        number = read(text)
    except StandardNumberError as error:
        return "refused", str(error)
    return (number.family, number.prefix, number.sequence, number.year, number.warnings, str(number), number.key)


@st.composite
def near_written(draw) -> str:
    sequence = draw(DIGITS) + draw(st.sampled_from(["", ".1", ".01", ".0", "..2"]))
    year = draw(st.sampled_from(["1949", "1950", "2018", "2027", "2028", "9999", "0201", "20201", "２０２０"]))
    space = draw(st.sampled_from([" ", "", "  ", "\u3000"]))
    return (draw(st.sampled_from(["", " "])) + draw(st.sampled_from(PREFIXES)) + space + sequence
            + draw(st.sampled_from(SEPARATORS)) + year)


@settings(max_examples=600, deadline=None)
@given(text=near_written() | st.text(max_size=30))
def test_the_short_reading_of_a_number_is_the_general_one(text):
    assert _outcome(standard_numbers.parse, text) == _outcome(
        lambda t: standard_numbers._parse(t, require_year=True), text)


@settings(max_examples=400, deadline=None)
@given(sequence=st.from_regex(re.compile(r"[0-9A-Z._\-١٣]{1,12}"), fullmatch=True))
def test_the_key_drops_padding_as_int_does(sequence):
    number = StandardNumber(standard_numbers.Family.ENTERPRISE, "Q/ABC", sequence, 2020)
    by_int = re.sub(r"\d+", lambda run: str(int(run.group())), sequence)
    assert number.key == str(StandardNumber(number.family, "Q/ABC", by_int, 2020))


@pytest.mark.parametrize("text", ["GB/T 13016—2018", "DB4403/T 0298—2024", "GB 1.1—2020", "JS/T 12—2019",
                                  "JGJ 16—2008"])
def test_numbers_as_written_take_the_short_reading(text, monkeypatch):
    """The short reading is the one taken (else the properties above prove nothing about it)."""
    monkeypatch.setattr(standard_numbers, "_parse", None)
    assert str(standard_numbers.parse(text)) == text
    assert str(standard_numbers.parse(text.replace("—", "-"))) == text
