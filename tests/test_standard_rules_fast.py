"""R-6-IO: the one-search pass over a standard's text refuses nothing the field-by-field rule accepts
and lets through nothing it refuses (``standard_rules._plainly_fine``, issue 7 item 7)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from govstd.catalog import standard_rules
from govstd.catalog.standard_rules import TEXT_FIELDS, FieldProblem

CELL = st.one_of(st.none(), st.just(""), st.text(max_size=12),
                 st.text(alphabet="a\n\r\t\x00\x1f\u2028\ud800 标", max_size=6),
                 st.integers(), st.text(alphabet="ab 标", min_size=30, max_size=420))


@settings(max_examples=800, deadline=None)
@given(values=st.fixed_dictionaries({name: CELL for name in TEXT_FIELDS}))
def test_text_passed_at_once_is_text_the_field_rule_passes(values):
    problems: list[FieldProblem] = []
    original = standard_rules._plainly_fine
    try:
        standard_rules._plainly_fine = lambda _values: False  # the field-by-field rule alone
        standard_rules._text_problems(values, problems)
    finally:
        standard_rules._plainly_fine = original
    if standard_rules._plainly_fine(values):
        assert problems == []
