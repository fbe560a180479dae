"""Functions the parser's child runs in tests; importable without Django, as the child imports them."""

import resource


def probe_ceilings():
    """Report the child's ceilings on address space and CPU time."""
    yield resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_CPU)[0]


def probe_memory():
    """Try to take 600 MB."""
    yield len(bytearray(600 * 2**20))


def probe_clock(count):
    """Yield the time each of ``count`` items was made."""
    import time

    for _ in range(count):
        yield time.monotonic()
