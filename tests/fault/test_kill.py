"""``kill -9`` of the parent of a parallel batch: its worker processes go too.

Issue 14, item 20. A signal that cannot be caught leaves the parent no chance to stop its
workers; they must notice by themselves (``PR_SET_PDEATHSIG`` on Linux, a watch on the
parent's pid elsewhere) and exit, removing their temporary files, within seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.test_cli import _start, _wait_for, popen_group, temps  # noqa: F401

from .support import cannot_stage

SAMPLE = "Шаҳар ва қишлоқ.\n"


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def test_workers_exit_when_the_parent_is_killed(
    tmp_path: Path,
    popen_group: list[subprocess.Popen[bytes]],  # noqa: F811
) -> None:
    if not os.path.isdir("/proc/self"):
        cannot_stage("no /proc to find the worker processes")
    # Named pipes nobody writes to: each worker waits on its input, busy with a file.
    inputs = []
    for name in ("a.txt", "b.txt"):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        inputs.append(fifo)
    proc = _start(popen_group, "to-latin", "-j", "2", *inputs, "-o", f"{tmp_path / 'out'}/")
    assert _wait_for(lambda: len(_children(proc.pid)) >= 2), "no worker processes"
    workers = _children(proc.pid)
    time.sleep(0.5)  # let the workers reach their input
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert _wait_for(lambda: not any(_alive(w) for w in workers), timeout=10), (
        "workers outlived their parent: " + ", ".join(map(str, workers))
    )
    assert not temps(tmp_path)


_ORPHAN = """
import os, signal, sys, time
from translit import batch

batch._parent_death_signal = lambda signum: False  # as on a system without prctl
read_end, write_end = os.pipe()
child = os.fork()
if child == 0:  # the worker
    os.close(read_end)
    parent = os.getppid()
    signal.signal(signal.SIGTERM, batch._stop_worker)
    batch._exit_with_parent(parent)
    os.write(write_end, str(os.getpid()).encode())
    os.close(write_end)
    time.sleep(120)  # busy for longer than the test waits
    os._exit(0)
os.close(write_end)
print(os.read(read_end, 32).decode(), flush=True)
os._exit(0)  # the parent dies without a word, like kill -9
"""


def test_without_prctl_a_watch_thread_ends_the_orphan(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _ORPHAN], capture_output=True, timeout=60, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    worker = int(proc.stdout)
    # The thread looks once a second; give it a few on a busy machine.
    assert _wait_for(lambda: not _alive(worker), timeout=15), "the orphan is still alive"
