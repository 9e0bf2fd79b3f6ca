"""Where an output lands: devices, named pipes, links, files that appear, odd names.

Issue 14, items 15, 16, 17, 19 and 21 (and issue 15's "name the output, not our temporary
file"). Each test makes the node or the race in a real folder and runs the real command.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.test_cli import (
    _pipe_until_temp_file,
    _start,
    _wait_for,
    cyrillic_text,
    popen_group,  # noqa: F401  (a fixture)
    run,
    temps,
    to_latin,
)

from .support import need_root, tmpfs

SAMPLE = "Шаҳар ва қишлоқ.\n"


def _src(folder: Path, name: str = "a.txt") -> Path:
    path = folder / name
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def _err(proc: subprocess.CompletedProcess[bytes]) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err


# --------------------------------------------------------------------------- item 15


def test_output_to_a_character_device_writes_through_it(tmp_path: Path) -> None:
    need_root("making a device node")
    node = tmp_path / "null"
    null = os.stat(os.devnull)
    os.mknod(node, stat.S_IFCHR | 0o666, null.st_rdev)  # a second /dev/null, ours to test
    src = _src(tmp_path)
    for force in ([], ["-f"]):  # writing through replaces nothing: no --force needed
        proc = run("to-latin", src, "-o", node, *force)
        assert proc.returncode == 0, _err(proc)
        assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert not temps(tmp_path)


def test_output_to_a_named_pipe_writes_through_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = bytearray()

    def read() -> None:
        with open(fifo, "rb") as f:
            got.extend(f.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = run("to-latin", _src(tmp_path), "-o", fifo)
    if reader.is_alive() and proc.returncode != 0:  # never opened: release the reader
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(timeout=60)
    assert proc.returncode == 0, _err(proc)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got.decode("utf-8") == to_latin(SAMPLE)
    assert not temps(tmp_path)


def test_output_through_a_symbolic_link_rewrites_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real" / "out.txt"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    src = _src(tmp_path)
    proc = run("to-latin", src, "-o", link)
    assert proc.returncode == 2 and "--force" in _err(proc)  # it exists: refused as usual
    proc = run("to-latin", src, "-o", link, "-f")
    assert proc.returncode == 0, _err(proc)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == to_latin(SAMPLE)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not temps(tmp_path)


def test_output_through_a_dangling_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    proc = run("to-latin", _src(tmp_path), "-o", link, "-f")
    assert proc.returncode == 2
    assert "symbolic link" in _err(proc)
    assert link.is_symlink() and not (tmp_path / "nowhere.txt").exists()


def test_output_to_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        proc = run("to-latin", _src(tmp_path), "-o", path, "-f")
        assert proc.returncode == 2
        assert "not a regular file" in _err(proc)
        assert stat.S_ISSOCK(os.lstat(path).st_mode)


# --------------------------------------------------------------------------- item 16


@pytest.mark.parametrize("kind", ["text", "jsonl"])
def test_an_output_created_during_the_run_is_not_replaced(
    tmp_path: Path,
    popen_group: list[subprocess.Popen[bytes]],  # noqa: F811
    kind: str,
) -> None:
    out = tmp_path / "out.txt"
    if kind == "text":
        proc = _pipe_until_temp_file(popen_group, out)
    else:  # a data file, streamed by its format
        proc = _start(popen_group, "to-latin", "--format", kind, "-o", out, stdin=subprocess.PIPE)
        assert proc.stdin is not None
        lines = [json.dumps({"t": line}) for line in cyrillic_text(20_000).splitlines()]
        proc.stdin.write("\n".join(lines).encode() + b"\n")
        proc.stdin.flush()
        assert _wait_for(lambda: temps(tmp_path)), "no temporary file appeared"
    out.write_text("someone else's\n", encoding="utf-8")  # appears while we write
    _, err = proc.communicate(timeout=60)
    message = err.decode("utf-8", "replace")
    assert proc.returncode == 1, message
    assert str(out) in message and "--force" in message
    assert out.read_text(encoding="utf-8") == "someone else's\n"
    assert not temps(tmp_path)


def test_with_force_an_output_created_during_the_run_is_replaced(
    tmp_path: Path,
    popen_group: list[subprocess.Popen[bytes]],  # noqa: F811
) -> None:
    out = tmp_path / "out.txt"
    proc = _start(popen_group, "to-latin", "-f", "-o", out, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    text = cyrillic_text(100_000)
    proc.stdin.write(text.encode())
    proc.stdin.flush()
    assert _wait_for(lambda: temps(tmp_path)), "no temporary file appeared"
    out.write_text("someone else's\n", encoding="utf-8")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode(errors="replace")
    assert out.read_text(encoding="utf-8") == to_latin(text)


# --------------------------------------------------------------------------- item 17


def test_export_icu_does_not_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "rules.txt"
    out.write_text("mine\n", encoding="utf-8")
    args = ("export-icu", "--from", "cyrillic", "--to", "latin", "-o", out)
    proc = run(*args)
    assert proc.returncode == 2 and "--force" in _err(proc)
    assert out.read_text(encoding="utf-8") == "mine\n"
    proc = run(*args, "--force")
    assert proc.returncode == 0, _err(proc)
    assert out.read_text(encoding="utf-8") == run(*args[:-2]).stdout.decode("utf-8")
    assert not temps(tmp_path)


# --------------------------------------------------------------------------- item 19


@pytest.mark.parametrize("mode", [0o4755, 0o2755, 0o6750])
def test_in_place_as_root_keeps_setuid_and_setgid_bits(tmp_path: Path, mode: int) -> None:
    need_root("setuid files of another owner")
    src = _src(tmp_path, "tool.txt")
    os.chown(src, 1234, 5678)  # another owner: root must give the new file back
    os.chmod(src, mode)
    proc = run("to-latin", "-i", src)
    assert proc.returncode == 0, _err(proc)
    st = os.stat(src)
    assert (st.st_uid, st.st_gid) == (1234, 5678)
    assert stat.S_IMODE(st.st_mode) == mode
    assert src.read_text(encoding="utf-8") == to_latin(SAMPLE)


# --------------------------------------------------------------------------- item 21


def _longest_name(folder: Path, suffix: str = ".txt") -> str:
    """A Cyrillic file name as long as the file system allows (in bytes)."""
    limit = os.pathconf(folder, "PC_NAME_MAX")
    stem = "қ" * ((limit - len(suffix)) // 2)  # two bytes a letter in UTF-8
    return stem + suffix


@pytest.mark.parametrize("mode", ["-o", "-i"])
def test_names_as_long_as_the_file_system_allows_are_converted(
    tmp_path: Path, mode: str
) -> None:
    name = _longest_name(tmp_path)
    assert len(os.fsencode(name)) > 240
    src = _src(tmp_path, name)
    if mode == "-o":
        out = tmp_path / "out"
        out.mkdir()
        proc = run("to-latin", src, "-o", out)
        result = out / name
    else:
        proc = run("to-latin", "-i", src)
        result = src
    assert proc.returncode == 0, _err(proc)
    assert result.read_text(encoding="utf-8") == to_latin(SAMPLE)
    assert not temps(tmp_path)


def test_a_folder_that_cannot_be_written_is_named_not_our_temporary_file(
    tmp_path: Path,
) -> None:
    src = _src(tmp_path)
    if os.geteuid() == 0:  # root writes anywhere: a read-only file system stops it
        with tmpfs(tmp_path / "ro", "1m", "ro") as folder:
            proc = run("to-latin", src, "-o", folder / "b.txt")
            want = "Read-only file system"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        proc = run("to-latin", src, "-o", folder / "b.txt")
        want = "Permission denied"
    err = _err(proc)
    assert proc.returncode == 1
    assert f"{folder / 'b.txt'}: {want}" in err
    assert "translit-tmp" not in err
