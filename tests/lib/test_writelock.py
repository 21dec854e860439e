"""lib.writelock: SQLite writers of a hot path wait in line in the kernel, across processes and threads."""

import multiprocessing
import threading
import time

from lib import writelock


def _hold(database: str, ready, seconds: float) -> None:
    with writelock.turn(database):
        ready.set()
        time.sleep(seconds)


def test_a_writer_in_another_process_waits_for_the_turn(tmp_path):
    database = str(tmp_path / "db.sqlite3")
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold, args=(database, ready, 0.5))
    holder.start()
    try:
        assert ready.wait(10)
        start = time.monotonic()
        with writelock.turn(database):
            waited = time.monotonic() - start
    finally:
        holder.join(10)
    assert waited >= 0.3
    assert (tmp_path / "db.sqlite3.write-lock").exists()


def test_threads_of_one_process_take_turns_and_a_nested_turn_does_not_wait_for_itself(tmp_path):
    database = str(tmp_path / "db.sqlite3")
    inside, most = [0], [0]

    def writer():
        with writelock.turn(database), writelock.turn(database):  # nested: re-entrant
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            time.sleep(0.01)
            inside[0] -= 1

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert most[0] == 1


def test_an_in_memory_database_needs_no_file():
    assert writelock._lock_file(":memory:") is None
    assert writelock._lock_file("file:memorydb_default?mode=memory&cache=shared") is None
