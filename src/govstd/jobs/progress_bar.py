"""A tqdm bar that follows a job run in the foreground (the CLI's view of the job's progress)."""

import contextlib
from collections.abc import Iterator

from django.utils.translation import gettext
from tqdm import tqdm

from .context import ProgressListener


@contextlib.contextmanager
def progress_bar(stream, *, desc: str, unit: str = "", disable: bool = False) -> Iterator[ProgressListener]:
    """Yield a listener for :func:`~govstd.jobs.services.job_run_inline` that draws on ``stream``."""
    out = getattr(stream, "_out", stream)  # a management command's OutputWrapper
    bar = tqdm(total=None, unit=unit or gettext("rows"), desc=desc, disable=disable, file=out)

    def listener(done: int, total: int | None, phase: str) -> None:
        if phase:
            bar.set_description_str(gettext(phase), refresh=False)
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield listener
    finally:
        bar.close()
