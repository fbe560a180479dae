"""Run a parser of an uploaded file in a child process with a ceiling on its memory and CPU time.

Some parsers size their work by what the file *says*: python-calamine allocates a dense grid from
the first to the last cell a sheet names, so a 5 KB workbook naming cell XFD1048576 asks for
550 GB and aborts the process, and one naming Z2000000 takes 1.6 GB. Whatever a parser does with
such a file, here it does it in a child whose address space (``RLIMIT_AS``) and CPU time
(``RLIMIT_CPU``) are capped: the child fails, the file is refused with a clear message, and the
web or job worker that asked carries on.

The child sends what the parser yields back in batches through a pipe, so the caller consumes a
long table as a stream. Children are forked from a small server process (multiprocessing's
``forkserver``) that has imported the parsers once, so a child starts in milliseconds and never
inherits a worker's threads, database connections or memory. The child runs the platform's own
code with the worker's privileges: this bounds resources, it is not a sandbox against code
execution.
"""

import logging
import multiprocessing
import queue
import resource
import threading
import warnings
from collections.abc import Callable, Iterator
from multiprocessing.reduction import ForkingPickler

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from govstd.errors import FileRejected

BATCH = 1000
OUTBOX_BATCHES = 64  # batches a child may have ready while its caller is busy with earlier ones
PARSERS = ["govstd.documents.parser_server", "govstd.documents.table_files", "python_calamine", "openpyxl"]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PARSERS)
_peak = {"bytes": 0, "cpu": 0.0}


def parser_peak_bytes() -> int:
    """The largest resident memory a parser child of this process has reported (for the benchmarks)."""
    return _peak["bytes"]


def parser_cpu_seconds() -> float:
    """The CPU time the parser children of this process have reported, in all (for the benchmarks)."""
    return _peak["cpu"]


class _Outbox:
    """Send a child's messages from a thread of their own.

    A caller that writes what it receives (an import) stops reading the pipe meanwhile; a child
    writing to the full pipe itself would stop too, and the two processes would take turns
    instead of working at once. The child's thread waits on the pipe instead, with up to
    ``OUTBOX_BATCHES`` messages queued (already pickled, so the queue's memory is what it holds),
    and the child goes on parsing. Every message goes through here, so none is interleaved with
    another on the pipe.
    """

    def __init__(self, connection):
        self._queue: queue.Queue = queue.Queue(OUTBOX_BATCHES)
        self._failed: OSError | None = None
        self._thread = threading.Thread(target=self._send_queued, args=(connection,), daemon=True)
        self._thread.start()

    def _send_queued(self, connection) -> None:
        while (message := self._queue.get()) is not None:
            if self._failed is None:
                try:
                    connection.send_bytes(message)
                except OSError as error:  # the caller stopped reading
                    self._failed = error

    def send(self, message) -> None:
        """Queue ``message``; raise the pipe's error if the caller has stopped reading."""
        if self._failed is not None:
            raise self._failed
        self._queue.put(ForkingPickler.dumps(message))

    def tell(self, message) -> None:
        """Queue the child's last word, which nobody hears if the caller has stopped reading."""
        if self._failed is None:
            self._queue.put(ForkingPickler.dumps(message))

    def close(self) -> None:
        """Send what is queued, then stop the thread."""
        self._queue.put(None)
        self._thread.join()


def _child(connection, memory_bytes: int, cpu_seconds: int, function: Callable[..., Iterator], args: tuple,
           language: str | None = None) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    outbox = _Outbox(connection)
    # A parser's warnings (a date out of range, …) are the caller's to show or log.
    warnings.showwarning = lambda message, category, *_args, **_kwargs: outbox.send(
        ("warning", (str(message), category)))
    from django.apps import apps

    if apps.ready and language:  # the parser's refusals in the language of the person who uploaded the file
        translation.activate(language)
    elif not apps.ready:
        translation.deactivate_all()
    try:
        batch: list = []
        for item in function(*args):
            batch.append(item)
            if len(batch) >= BATCH:
                outbox.send(("items", batch))
                batch = []
        outbox.send(("items", batch))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        outbox.send(("done", (usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime)))
    except FileRejected as error:
        outbox.tell(("rejected", error.message))
    except MemoryError:
        outbox.tell(("exhausted", None))
    except (BrokenPipeError, ConnectionResetError):  # the caller stopped reading: nothing left to tell
        pass
    except Exception as error:  # a parser's own failure on a broken file: the caller explains it
        outbox.tell(("unreadable", error.__class__.__name__))
    finally:
        outbox.close()
        connection.close()


def bounded_stream(function: Callable[..., Iterator], *args, name: str) -> Iterator:
    """Yield what ``function(*args)`` yields, computed in a child within the configured ceilings.

    ``function`` must be importable by name (the child unpickles it) and may raise
    :class:`FileRejected`, which reaches the caller with its message. A child that runs out of
    memory or CPU time, or dies, becomes a :class:`FileRejected` naming the file. Closing the
    iterator early stops the child.
    """
    memory_mb = settings.GOVSTD_PARSE_MEMORY_MB
    cpu_seconds = settings.GOVSTD_PARSE_CPU_SECONDS
    exceeded = FileRejected(
        _("%(name)s went over the limits while being read (memory %(memory)s MB, CPU %(cpu)s seconds) and was "
          "refused: the file may declare an unusually large sheet range or unusually much content. Delete the "
          "extra rows and columns in Excel or WPS, save it as .xlsx and try again.") % {
            "name": name, "memory": memory_mb, "cpu": cpu_seconds})
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(target=_child, args=(sender, memory_mb * 1024 * 1024, cpu_seconds, function, args,
                                                         translation.get_language()),
                             daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            # A child blocked on nothing but its own work ends within its CPU ceiling; allow it that
            # and some more for the time it waits for the machine.
            if not receiver.poll(cpu_seconds * 2 + 10):
                raise exceeded
            try:
                kind, payload = receiver.recv()
            except (EOFError, OSError):  # killed by a ceiling (SIGKILL, SIGXCPU, an aborted allocation)
                raise exceeded from None
            if kind == "items":
                yield from payload
            elif kind == "warning":
                warnings.warn(payload[0], payload[1], stacklevel=2)
            elif kind == "done":
                _peak["bytes"] = max(_peak["bytes"], payload[0])
                _peak["cpu"] += payload[1]
                return
            elif kind == "rejected":
                raise FileRejected(payload)
            elif kind == "unreadable":
                # The parser's exception names Python's internals, not the file: the log keeps it.
                logging.getLogger(__name__).info("parser could not read %s: %s", name, payload)
                raise FileRejected(_("%(name)s cannot be read. Save it as .xlsx in Excel or WPS and try again.") % {
                    "name": name})
            else:
                raise exceeded
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=10)
