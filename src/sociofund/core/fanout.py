"""One function over many independent items in forked processes, the results in order.

``check``, ``report`` and ``diff`` over a root of organisations use it: each organisation is
loaded and checked on its own, so the work splits by organisation. The parent process takes a
share itself (a process per core, not a process per core plus an idle parent), children are
plain ``os.fork`` with a pipe each (no ``multiprocessing``: importing it and running its pool cost
more CPU than the work they saved on a tree of a few hundred organisations, bench/RESULTS.md).

Item ``i`` goes to process ``i % workers`` (0 is the parent). Each child sends one pickled
result per item and flushes it, and the parent reads them in the items' order, so a child is at
most a pipe's buffer ahead of the reader: a caller that writes each result as it comes holds about
one organisation's data, however many there are.

An exception in a child's call (a ``SociofundError`` for a set that cannot be read, say) is sent
back and raised in the parent at that item, as if the parent had made the call. A child that
dies without answering is a bug (``WorkerDied``). Whatever ends the iteration — the last item,
an exception, a reader that stops early — the children are stopped and reaped.

Must not import: typer, rich.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: below this many items, forking costs more than it saves (bench/RESULTS.md)
PARALLEL_MIN_ITEMS = 24


class WorkerDied(RuntimeError):
    """A child process ended without sending its result (killed, or out of memory)."""


def workers_for(n_items: int) -> int:
    """How many processes to use for ``n_items`` independent items: one per core (at most 8),
    or 1 where there are too few items to pay for a fork, or no fork at all (Windows)."""
    if n_items < PARALLEL_MIN_ITEMS or not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def ordered_map(func: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    """``func(item)`` for each item, in order, computed in ``workers`` processes."""
    if workers <= 1 or len(items) < 2 or not hasattr(os, "fork"):
        for item in items:
            yield func(item)
        return
    import pickle  # (only a fork needs them: a check of one set imports neither)
    import signal

    workers = min(workers, len(items))
    children: list[tuple[int, object]] = []  # (pid, reader), for processes 1 .. workers-1
    try:
        for k in range(1, workers):
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(r)
                for _, reader in children:  # the earlier children's pipes are not ours
                    reader.close()
                _serve(func, items[k::workers], w)
            os.close(w)
            children.append((pid, os.fdopen(r, "rb")))
        for i, item in enumerate(items):
            k = i % workers
            if k == 0:
                yield func(item)
                continue
            try:
                ok, value = pickle.load(children[k - 1][1])
            except EOFError:
                _, status = os.waitpid(children[k - 1][0], 0)
                if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT:
                    raise KeyboardInterrupt from None  # Ctrl-C reached the child first
                raise WorkerDied(f"worker {k} ended before item {i}") from None
            if not ok:
                raise value
            yield value
    finally:
        _stop(children)


def _serve(func: Callable, items: Sequence, fd: int) -> None:
    """The child's whole life: answer each item on ``fd``, then exit without running the
    parent's exit handlers or flushing its output buffers (they are the parent's to flush)."""
    import pickle
    import signal

    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent says so, once
        with os.fdopen(fd, "wb") as out:
            for item in items:
                try:
                    answer = (True, func(item))
                except Exception as exc:  # noqa: BLE001 - the parent raises it at this item
                    answer = (False, exc)
                try:
                    data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # noqa: BLE001 - an unpicklable error still reaches the parent
                    data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
                out.write(data)
                out.flush()
    except BaseException:  # noqa: BLE001 - a closed pipe (the parent stopped reading), a signal
        code = 1
    finally:
        os._exit(code)


def _stop(children: list[tuple[int, object]]) -> None:
    import signal

    for pid, reader in children:
        reader.close()  # a child still writing gets EPIPE and exits
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for pid, _ in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
