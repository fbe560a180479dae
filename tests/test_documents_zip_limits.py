"""Zip packages are measured by the bytes they really expand to (dengbao §4, availability; R-6-IO, R-7.3-1)."""

import io
import os
import zipfile

import pytest

from govstd.documents.zip_limits import ZipLimits, checked_zip
from govstd.errors import FileRejected

from .hostile_files import MB, declaring, zip_of

LIMITS = ZipLimits(member_bytes=8 * MB, total_bytes=12 * MB, ratio=50, members=100, directory_bytes=64 * 1024)


def check(data: bytes):
    return checked_zip(data, name="文件.docx", kind="Word (.docx)", limits=LIMITS)


def test_a_plain_package_opens_and_small_members_may_compress_well():
    archive = check(zip_of({"a.xml": b"<a/>" * 100_000, "b.bin": os.urandom(MB)}))
    assert archive.read("a.xml").startswith(b"<a/>")


@pytest.mark.parametrize(("members", "reason"), [
    ({"big.xml": b"0" * (9 * MB)}, "big.xml 声明解压后"),
    ({"dense.xml": b"<p/>" * (MB // 2) * 3}, "dense.xml 的压缩比超过 50"),
    ({f"part{n}.bin": os.urandom(4 * MB) for n in range(4)}, "解压后超过 12.0 MB"),
])
def test_a_member_or_the_package_past_its_limit_is_refused(members, reason):
    with pytest.raises(FileRejected, match=reason):
        check(zip_of(members))


def test_a_member_that_claims_less_than_it_holds_is_counted_not_believed():
    data = declaring(zip_of({"word/document.xml": b"<p/>" * (4 * MB)}), "word/document.xml", 100)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size == 100
    with pytest.raises(FileRejected, match="已损坏，无法读取"):
        check(data)


def test_too_many_members_or_a_huge_directory_is_refused_before_it_is_parsed():
    with pytest.raises(FileRejected, match="超过上限 100"):
        check(zip_of({f"{n}": b"" for n in range(101)}))
    with pytest.raises(FileRejected, match="目录过大"):
        check(zip_of({f"{n:0>200}": b"" for n in range(400)}))


def test_what_is_no_zip_is_refused_as_not_a_package():
    with pytest.raises(FileRejected, match="不是有效的 Word"):
        check(b"PK\x03\x04" + b"\x00" * 100)
