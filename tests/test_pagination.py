"""R-5.3-1: a page number past 64 bits is a refusal naming ``page``, never an OFFSET the database rejects."""

import pytest

from govstd.errors import ApplicationError
from govstd.pagination import MAX_PAGE, page_window


def test_a_page_is_a_slice_of_its_rows():
    assert page_window(page=3, page_size=50) == slice(100, 150)
    assert page_window(page=MAX_PAGE, page_size=500).stop < 2**63


@pytest.mark.parametrize("page", [0, -1, MAX_PAGE + 1, 10**22])
def test_a_page_out_of_range_is_refused_naming_the_field(page):
    with pytest.raises(ApplicationError) as refused:
        page_window(page=page, page_size=50)
    assert refused.value.field == "page" and refused.value.http_status == 400
