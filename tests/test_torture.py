"""The torture harness's small slice (tests/torture; the full run is in docs/torture.md).

Every part runs at a small size and must report 0 failed and 0 lost. Hang guards only: nothing
here asserts a duration.
"""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from torture import concurrency, injection, kills, names, toml_fuzz

posix = pytest.mark.skipif(os.name != "posix", reason="signals, FIFOs and flock are POSIX")


def strace() -> None:
    """Skip a test that needs strace where it is missing, unless ``SOCIOFUND_REQUIRE_STRACE`` is
    set (CI sets it and installs strace): then a missing strace fails, so CI cannot pass by skipping."""
    if shutil.which("strace") is None:
        if os.environ.get("SOCIOFUND_REQUIRE_STRACE"):
            pytest.fail("strace is not installed (apt-get install strace) and SOCIOFUND_REQUIRE_STRACE is set")
        pytest.skip("strace's fault injection")


@posix
def test_kills_at_system_calls_of_every_writing_command_lose_nothing(tmp_path):
    res = kills.run(per_command=1, workdir=tmp_path, log=print)
    assert set(res) >= {"allocate (new)", "spend", "close", "carryover --repay-rest", "import", "init"}
    for name, c in res.items():
        assert c["tried"] == 1 and c["failed"] == 0 and c["lost"] == 0, (name, c)


@posix
@posix
def test_kills_at_a_few_system_calls_of_spend_under_strace(tmp_path):
    """The strace slice: the write window of one command counted, and SIGKILL injected at five of
    its calls (spread over it), each killing exactly there; nothing failed or lost."""
    strace()
    res = kills.run(per_command=5, workdir=tmp_path, log=print, use_strace=True, only=["spend"])
    c = res["spend"]
    assert c["calls"] > 5 and c["tried"] == c["killed"] == 5, c
    assert c["failed"] == 0 and c["lost"] == 0, c


@posix
def test_timed_kills_lose_nothing_where_strace_is_missing(tmp_path):
    c = kills.run(per_command=2, workdir=tmp_path, log=print, use_strace=False, only=["spend"])["spend"]
    assert c["tried"] == 2 and c["failed"] == 0 and c["lost"] == 0, c


@posix
def test_concurrent_writers_and_an_editor_lose_nothing(tmp_path):
    c = concurrency.run(writers=4, rounds=1, workdir=tmp_path, log=print)
    assert c["writers"] == 4 and c["failed"] == 0 and c["lost"] == 0, c


def test_mutated_sets_give_the_same_findings_under_both_parsers_and_never_crash(tmp_path):
    c = toml_fuzz.run(150, seed=os.getpid(), workdir=tmp_path, log=print)
    assert c["tried"] == 150 and c["failed"] == 0, c


def test_every_payload_is_inert_in_every_sink(tmp_path):
    c = injection.run(workdir=tmp_path, log=print)
    assert c["tried"] >= len(injection.PAYLOADS) * 15 and c["failed"] == 0 and c["crashed"] == 0, c


@posix
def test_odd_entries_in_a_ledger_folder_never_hang_crash_or_go_unmentioned(tmp_path):
    c = names.run(tmp_path / "names", log=print, quick=True)
    assert c["tried"] > 60 and c["failed"] == 0 and c["silent"] == 0, c


# --- the differential TOML test (issue 18, item 4) ------------------------------------------

SEEDS = toml_fuzz.seeds()
generated = st.text(alphabet=st.sampled_from(list('ab=[]{}"\'#.,-_:\n\r\t 0123456789xetrufl\\\ufeff')), max_size=80)
mutated = st.builds(lambda rnd, i: toml_fuzz.mutate(rnd, SEEDS[i % len(SEEDS)]), st.randoms(use_true_random=False),
                    st.integers(0, 1000))
spliced = st.lists(st.sampled_from(toml_fuzz.TOKENS), max_size=12).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(generated, mutated, spliced))
def test_sociofund_parses_exactly_what_tomllib_parses_to_the_same_values(text):
    """Generated, mutated and spliced TOML: sociofund's parser (rtoml where exact) accepts exactly
    what tomllib accepts, and reads the same values."""
    assert toml_fuzz.compare_parsers(text) is None


#: a sociofund whose write is not atomic: the rename becomes a write over the file in place, in
#: small pieces (put before the real one on the path by ``sitecustomize``)
IN_PLACE = """
import os

def _in_place(src, dst, *args, **kwargs):
    with open(src, "rb") as fh:
        data = fh.read()
    fd = os.open(dst, os.O_WRONLY | os.O_TRUNC)
    for i in range(0, len(data), 64):
        os.write(fd, data[i:i + 64])
    os.close(fd)
    os.unlink(src)

os.replace = _in_place
"""


@posix
def test_the_harness_finds_a_write_that_is_not_atomic(tmp_path, monkeypatch):
    """The harness would notice: killed at the writes of a writer that truncates the file and
    writes it in place, it reports half-written files as failed."""
    strace()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "sitecustomize.py").write_text(IN_PLACE)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path / "broken"),
                                                                   os.environ.get("PYTHONPATH")])))
    res = kills.run(per_command=8, workdir=tmp_path / "w", log=print, use_strace=True, only=["spend"],
                    calls=("write",))
    c = res["spend"]
    assert c["tried"] == c["killed"] == 8 and c["failed"] > 0, c
