"""R-6.4-3: standard numbers are parsed, validated and normalised."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govstd.catalog.levels import Level
from govstd.catalog.standard_numbers import StandardNumberError, is_valid, normalize, parse

EXAMPLES = [
    ("GB/T 13016—2018", "GB/T 13016—2018", Level.NATIONAL),
    ("gb/t13016-2018", "GB/T 13016—2018", Level.NATIONAL),
    ("GB／T 20000.1－2014", "GB/T 20000.1—2014", Level.NATIONAL),
    ("GB / T 24421.2 – 2023", "GB/T 24421.2—2023", Level.NATIONAL),
    ("GB 17167-2006", "GB 17167—2006", Level.NATIONAL),
    ("GB/Z 40954.1-2021", "GB/Z 40954.1—2021", Level.NATIONAL),
    ("JS/T 301—2024", "JS/T 301—2024", Level.INDUSTRY),
    ("JGJ 176-2009", "JGJ 176—2009", Level.INDUSTRY),
    ("DB4403/T 12-2019", "DB4403/T 12—2019", Level.LOCAL),
    ("DB 4203/T 131—2018", "DB4203/T 131—2018", Level.LOCAL),
    ("DB3301/T 0298——2024", "DB3301/T 0298—2024", Level.LOCAL),
    ("DB11/T 1.1-2020", "DB11/T 1.1—2020", Level.LOCAL),
    ("T/CAS 290-2017", "T/CAS 290—2017", Level.GROUP),
    ("T/CHEAA 0001-2017", "T/CHEAA 0001—2017", Level.GROUP),
    ("Q/GDW 355-2009", "Q/GDW 355—2009", Level.INTERNAL),
    ("ISO 9001:2015", "ISO 9001:2015", Level.INTERNATIONAL),
    ("ISO/IEC 27001:2022", "ISO/IEC 27001:2022", Level.INTERNATIONAL),
    ("IEC 61508-3:2010", "IEC 61508-3:2010", Level.INTERNATIONAL),
    ("ISO/IEC GUIDE 2-2004", "ISO/IEC Guide 2:2004", Level.INTERNATIONAL),
    ("SZJG/NB 001-2025", "SZJG/NB 001—2025", Level.INTERNAL),
]


@pytest.mark.parametrize(("text", "canonical", "level"), EXAMPLES)
def test_examples_normalise_and_infer_level(text, canonical, level):
    number = parse(text)
    assert str(number) == canonical
    assert number.level == level


@pytest.mark.parametrize(("text", "reason"), [
    ("", "为空"),
    ("hello", "不是可识别的标准编号"),
    ("GB/T 1.1-20", "四位数字"),
    ("GB/T 13016", "缺少年代号"),
    ("DB441/T 1-2020", "行政区划代码"),
    ("ISO 9001", "缺少年代号"),
])
def test_malformed_numbers_say_why(text, reason):
    with pytest.raises(StandardNumberError, match=reason):
        parse(text)


def test_undated_references_are_allowed_where_asked():
    assert normalize("GB/T 22239", require_year=False) == "GB/T 22239"
    assert not is_valid("GB/T 22239")


def test_unconfirmed_facts_only_warn():
    assert "不在已知行业标准代号中" in parse("XX/T 1-2020").warnings[0]
    assert parse("DB44 12-2020").warnings  # a local standard without /T
    assert parse("GB/T 1-1900").warnings  # an unusual year


DASHES = st.sampled_from(["-", "—", "–", "－", "——", "‐"])
SPACES = st.sampled_from(["", " ", "  "])
SEQ = st.builds(lambda main, parts: ".".join([str(main), *map(str, parts)]),
                st.integers(1, 99999), st.lists(st.integers(1, 20), max_size=2))
YEAR = st.integers(1950, 2025)
CHINESE_PREFIX = st.one_of(
    st.sampled_from(["GB", "GB/T", "GB/Z", "JS/T", "GA/T", "DL", "YD/T", "JGJ"]),
    st.integers(10, 65).map(lambda p: f"DB{p}/T"),
    st.integers(1000, 6599).map(lambda p: f"DB{p}/T"),
    st.from_regex(r"T/[A-Z][A-Z0-9]{1,5}", fullmatch=True),
)


@given(prefix=CHINESE_PREFIX, seq=SEQ, year=YEAR, dash=DASHES, space=SPACES, lower=st.booleans())
def test_any_spelling_of_a_chinese_number_normalises_to_one_form(prefix, seq, year, dash, space, lower):
    if prefix.startswith("T/") and any(c.isdigit() for c in prefix):
        space = space or " "  # "T/A0" + "10" written together is ambiguous; a space is needed there
    text = f"{prefix}{space}{seq}{dash}{year}"
    parsed = parse(text.lower() if lower else text)
    assert str(parsed) == f"{prefix} {seq}—{year}"
    assert parse(str(parsed)) == parsed  # canonical form is a fixed point


@given(prefix=st.sampled_from(["ISO", "IEC", "ISO/IEC"]), seq=st.integers(1, 99999),
       parts=st.lists(st.integers(1, 99), max_size=2), year=YEAR)
def test_iso_numbers_keep_the_colon(prefix, seq, parts, year):
    sequence = "-".join([str(seq), *map(str, parts)])
    assert str(parse(f"{prefix} {sequence}:{year}")) == f"{prefix} {sequence}:{year}"


@given(st.text(max_size=30))
def test_arbitrary_text_never_crashes(text):
    with contextlib.suppress(StandardNumberError):
        parse(text)


# --- one number, however padded; the year of issue (issue 8) ----------------------------------------------


@pytest.mark.parametrize(("one", "other"), [
    ("SZJG/NB 02—2022", "SZJG/NB 002—2022"),
    ("DB4403/T 012-2019", "DB4403/T 12—2019"),
    ("GB/T 20000.01—2014", "GB/T 20000.1—2014"),
    ("ISO 09001:2015", "ISO 9001:2015"),
    ("szjg/nb 7-2024", "SZJG/NB 0007—2024"),
])
def test_zero_padding_does_not_make_another_number(one, other):
    """R-6.4-3: the key drops zero padding; the display form keeps it (DB3301/T 0298—2024 is written so)."""
    assert parse(one).key == parse(other).key
    assert normalize("DB3301/T 0298—2024") == "DB3301/T 0298—2024"


@pytest.mark.parametrize(("one", "other"), [("GB/T 1—2020", "GB/T 1—2009"), ("GB 1—2020", "GB/T 1—2020"),
                                            ("SZJG/NB 10—2022", "SZJG/NB 1—2022")])
def test_editions_and_codes_stay_different_numbers(one, other):
    """R-6.4-3: another year is another edition, GB and GB/T are different documents, 10 is not 1."""
    assert parse(one).key != parse(other).key


def test_a_dated_number_carries_the_year_of_issue():
    """R-6.4-3: the year in the number is the year of publication (标准发布年代号)."""
    import datetime as dt

    from govstd.catalog.standard_numbers import issue_year_problem

    assert issue_year_problem(parse("SZJG/NB 02—2022"), dt.date(2022, 12, 31)) is None
    assert issue_year_problem(parse("SZJG/NB 02—2022"), None) is None
    assert issue_year_problem(parse("GB/T 22239", require_year=False), dt.date(2019, 5, 1)) is None
    assert "2021" in issue_year_problem(parse("SZJG/NB 02—2022"), dt.date(2021, 1, 1))
