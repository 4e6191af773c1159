"""core.fanout: results in the items' order, errors at their item, no child left behind."""

from __future__ import annotations

import os
import signal

import pytest

from sociofund.core import fanout
from sociofund.core.diagnostics import SociofundError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers need os.fork")


def _square_with_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def _children_of_me() -> list[int]:
    """Our live or unreaped child processes, from /proc (zombies included)."""
    me = str(os.getpid())
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                found.append(int(pid))
    return found


def test_results_come_in_order_from_every_process_parent_included():
    out = list(fanout.ordered_map(_square_with_pid, list(range(30)), 3))
    assert [v for v, _ in out] == [x * x for x in range(30)]
    pids = {pid for _, pid in out}
    assert len(pids) == 3 and os.getpid() in pids  # the parent takes its share
    assert [pid for _, pid in out][0::3] == [os.getpid()] * 10
    assert _children_of_me() == []


def test_one_worker_runs_in_this_process():
    out = list(fanout.ordered_map(_square_with_pid, [1, 2, 3], 1))
    assert out == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def _refuse_seven(x: int) -> int:
    if x == 7:
        raise SociofundError("no-such-path", path=f"set-{x}")
    return x


def test_an_error_in_a_child_is_raised_at_its_item_with_its_arguments():
    got = []
    with pytest.raises(SociofundError) as err:
        for v in fanout.ordered_map(_refuse_seven, list(range(12)), 2):  # 7 % 2 == 1: a child's item
            got.append(v)
    assert got == list(range(7))
    assert err.value.code == "no-such-path" and err.value.args_ == {"path": "set-7"}
    assert _children_of_me() == []


def _die_at_five(x: int) -> int:
    if x == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_a_child_that_dies_is_a_bug_not_a_hang():
    with pytest.raises(fanout.WorkerDied):
        list(fanout.ordered_map(_die_at_five, list(range(10)), 2))
    assert _children_of_me() == []


def test_a_reader_that_stops_early_leaves_no_child_behind():
    it = fanout.ordered_map(_square_with_pid, list(range(1000)), 2)
    assert next(it)[0] == 0 and next(it)[0] == 1
    it.close()
    assert _children_of_me() == []


def test_workers_for_a_handful_of_items_is_one_process():
    assert fanout.workers_for(fanout.PARALLEL_MIN_ITEMS - 1) == 1
    assert 1 <= fanout.workers_for(10_000) <= 8
