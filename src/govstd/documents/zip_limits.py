"""Open an uploaded zip package (.docx, .xlsx) only after every member has been expanded and counted.

A zip's headers say how large each member is, but an uploader writes the headers: the sizes are
what the member *claims*. So each member is decompressed here, a megabyte at a time and thrown
away, counting the bytes that really come out, and the package is refused as soon as one member,
or all of them together, expand past the limits, or a member expands much more than data does.
Python's zipfile stops at the declared size and checks the CRC, so a member that lies about its
size is refused as damaged rather than expanded. Memory stays at one chunk whatever the package
holds; the caller may then parse the members it needs knowing how large they really are.

The central directory is measured before :class:`zipfile.ZipFile` parses it, because parsing a
directory of a million tiny entries costs hundreds of megabytes on its own.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from govstd.errors import FileRejected

CHUNK = 1 << 20
# Small members (styles, relationships, a page of repeated markup) compress far better than data
# does and hold nothing dangerous; the ratio is checked for members above this size.
RATIO_FLOOR = 1 << 20
_END_OF_DIRECTORY = b"PK\x05\x06"
_END_OF_DIRECTORY_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"


@dataclass(frozen=True)
class ZipLimits:
    """How far a package may expand: one member, all members, the ratio of a large member and overall."""

    member_bytes: int
    total_bytes: int
    ratio: int
    members: int = 10_000
    directory_bytes: int = 2 * 1024 * 1024


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _directory_size(data: bytes) -> int | None:
    """Read the size of the central directory from the end record (zip64 too); ``None`` if there is none."""
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - _END_OF_DIRECTORY_SIZE - 0xFFFF))
    if at < 0 or at + _END_OF_DIRECTORY_SIZE > len(data):
        return None
    (size,) = struct.unpack_from("<I", data, at + 12)
    locator = at - 20
    if size == 0xFFFFFFFF and locator >= 0 and data[locator:locator + 4] == _ZIP64_LOCATOR:
        (end64,) = struct.unpack_from("<Q", data, locator + 8)
        if data[end64:end64 + 4] == _ZIP64_END:
            (size,) = struct.unpack_from("<Q", data, end64 + 40)
    return size


def checked_zip(data: bytes, *, name: str, kind: str, limits: ZipLimits) -> zipfile.ZipFile:
    """Return the package once every member has been expanded within ``limits``; refuse it otherwise.

    ``kind`` names the expected file type in the refusal ("Word (.docx)", "Excel (.xlsx)").
    """
    not_a_package = FileRejected(_("%(name)s is not a valid %(kind)s file.") % {"name": name, "kind": kind})
    directory = _directory_size(data)
    if directory is None:
        raise not_a_package
    if directory > limits.directory_bytes:
        raise FileRejected(_("The directory of %(name)s is too large (%(size)s): it looks like a zip bomb and was "
                             "refused.") % {"name": name, "size": megabytes(directory)})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise not_a_package from error
    if len(members) > limits.members:
        raise FileRejected(_("%(name)s holds %(count)s parts, more than the limit of %(limit)s, and was refused.") % {
            "name": name, "count": len(members), "limit": limits.members})
    total = 0
    for member in members:
        expanded = _expanded_size(archive, member, name=name, limits=limits, total_before=total,
                                  package_bytes=len(data))
        total += expanded
    if total > RATIO_FLOOR and total > limits.ratio * max(1, len(data)):
        raise _bomb(name, _("%(size)s expanded, %(times)s times the size of the file") % {
            "size": megabytes(total), "times": total // max(1, len(data))})
    return archive


def _expanded_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, name: str, limits: ZipLimits,
                   total_before: int, package_bytes: int) -> int:
    """Decompress one member chunk by chunk, counting; stop at the first limit it passes."""
    packed = max(1, min(member.compress_size, package_bytes))  # a claim, but never more than the file
    if member.file_size > limits.member_bytes:  # the claim alone is enough to refuse
        raise _bomb(name, _("part %(part)s declares %(size)s expanded") % {
            "part": member.filename, "size": megabytes(member.file_size)})
    expanded = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                expanded += len(chunk)
                if expanded > limits.member_bytes:
                    raise _bomb(name, _("part %(part)s expands to more than %(size)s") % {
                        "part": member.filename, "size": megabytes(limits.member_bytes)})
                if total_before + expanded > limits.total_bytes:
                    raise _bomb(name, _("more than %(size)s expanded") % {"size": megabytes(limits.total_bytes)})
                if expanded > RATIO_FLOOR and expanded > limits.ratio * packed:
                    raise _bomb(name, _("the compression ratio of part %(part)s is above %(ratio)s") % {
                        "part": member.filename, "ratio": limits.ratio})
    except FileRejected:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        # A CRC that does not match (also a member longer than it declares), a broken stream.
        raise FileRejected(_("%(name)s is damaged and cannot be read (part %(part)s). Save it again and upload it.") % {
            "name": name, "part": member.filename}) from error
    except (NotImplementedError, RuntimeError) as error:  # an unknown compression method, an encrypted member
        raise FileRejected(_("%(name)s uses an unsupported compression method or is encrypted, and cannot be read.") % {
            "name": name}) from error
    return expanded


def _bomb(name: str, detail: str) -> FileRejected:
    return FileRejected(_("%(name)s is too large expanded (%(detail)s): it looks like a zip bomb and was refused.") % {
        "name": name, "detail": detail})
