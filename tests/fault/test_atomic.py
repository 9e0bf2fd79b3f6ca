"""The pieces of translit.atomic behind items 16, 19 and 21, on every path they can take.

The command-line tests (test_outputs.py) go through ``renameat2`` on Linux; these also
take the hard-link path other systems use, and check the temporary name's length in bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from translit import atomic


@pytest.mark.parametrize("renameat2", [True, False], ids=["renameat2", "link-unlink"])
def test_no_replace_keeps_a_file_that_appeared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renameat2: bool
) -> None:
    if not renameat2:
        monkeypatch.setattr(atomic, "_renameat2", lambda: None)
    dst = tmp_path / "out.txt"
    with (
        pytest.raises(atomic.OutputExistsError) as caught,
        atomic.atomic_write(str(dst), replace=False) as pending,
    ):
        pending.write(b"ours")
        dst.write_bytes(b"theirs")  # appears while we write
    assert caught.value.filename == str(dst) and "--force" in str(caught.value)
    assert dst.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left
    with atomic.atomic_write(str(tmp_path / "new.txt"), replace=False) as pending:
        pending.write(b"ours")
    assert (tmp_path / "new.txt").read_bytes() == b"ours"


@pytest.mark.parametrize(
    "name",
    ["қ" * 125 + ".txt", "a" * 250 + ".md", "ab.txt", "ў" * 19 + "xyz", "\U0001f600" * 60],
)
def test_temporary_names_fit_whatever_the_name(tmp_path: Path, name: str) -> None:
    stem = atomic._temp_stem(name)
    raw = os.fsencode(stem)
    assert len(raw) <= 40
    assert name.startswith(stem) and stem  # a whole-letter prefix, never empty
    raw.decode("utf-8")  # no letter cut in two
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    if len(os.fsencode(name)) <= limit:
        with atomic.atomic_write(str(tmp_path / name)) as pending:
            pending.write(b"x")
        assert (tmp_path / name).read_bytes() == b"x"


def test_a_backup_that_appeared_is_kept_unless_allowed(tmp_path: Path) -> None:
    dst, bak = tmp_path / "a.txt", tmp_path / "a.txt.bak"
    dst.write_bytes(b"original")
    with (
        pytest.raises(atomic.OutputExistsError) as caught,
        atomic.atomic_write(str(dst), backup=str(bak), replace_backup=False) as pending,
    ):
        pending.write(b"converted")
        bak.write_bytes(b"someone's backup")  # appears while we write
    assert caught.value.filename == str(bak)
    assert dst.read_bytes() == b"original" and bak.read_bytes() == b"someone's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.txt.bak"]
    with atomic.atomic_write(str(dst), backup=str(bak)) as pending:  # --force
        pending.write(b"converted")
    assert dst.read_bytes() == b"converted" and bak.read_bytes() == b"original"
