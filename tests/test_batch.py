"""The file layer under the ``translit`` command, tested in-process: ``translit.batch``.

Why next to the subprocess tests of test_cli.py: the properties here (streaming is
exact however the input is cut, byte offsets of bad input, atomic writes, the plan
refusing unsafe command lines) need many cases, which are only cheap in-process.
Expected conversions come from the library itself: this layer must never change them.
"""

from __future__ import annotations

import codecs
import io
import itertools
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit import atomic, batch

TO_LATIN = translit.Transliterator("cyrillic", "latin")
TO_CYRILLIC = translit.Transliterator("latin", "cyrillic")

_CYRILLIC_TOKENS = [
    "Шаҳар",
    "Исҳоқ",
    "объект",
    "цирк",
    "ЎЗБЕКИСТОН",
    "ер",
    "Ер",
    "АҚШ",
    "сентябрь",
    "Тоқаев",
    "май",
    "ёшлар",
    "https://uz.uz/шаҳар",
    "info@mail.uz",
    "XX",
    "V.",
    "Ш",
]
_LATIN_TOKENS = [
    "Shahar",
    "Isʼhoq",
    "O'zbekiston",
    "gʻalaba",
    "sirkka",
    "sirka",
    "XX",
    "V.",
    "I",
    "Starlink",
    "http://x.uz",
    "@handle",
    "#teg",
    "yo'l",
    "'qo'shtirnoq'",
    "SH",
    "shahar",
]
_SEPARATORS = [" ", "\n", "\r\n", "\t", "  ", "\n\n", ", ", ". ", " — ", "\u00a0", '"', "'"]


def _texts(tokens: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(tokens), st.sampled_from(_SEPARATORS))
    return st.lists(piece, max_size=40).map("".join)


@st.composite
def _cut(draw: st.DrawFn, text: st.SearchStrategy[str]) -> tuple[str, list[str]]:
    whole = draw(text)
    cuts = sorted(draw(st.lists(st.integers(0, len(whole)), max_size=8)))
    bounds = [0, *cuts, len(whole)]
    return whole, [whole[a:b] for a, b in itertools.pairwise(bounds)]


@given(_cut(_texts(_CYRILLIC_TOKENS)))
def test_line_flushed_equals_whole_conversion_cyrillic(case: tuple[str, list[str]]) -> None:
    whole, chunks = case
    assert "".join(batch.line_flushed(TO_LATIN, iter(chunks))) == TO_LATIN(whole)


@given(_cut(_texts(_LATIN_TOKENS)))
def test_line_flushed_equals_whole_conversion_latin(case: tuple[str, list[str]]) -> None:
    whole, chunks = case
    assert "".join(batch.line_flushed(TO_CYRILLIC, iter(chunks))) == TO_CYRILLIC(whole)


def test_line_flushed_gives_each_finished_line_at_once() -> None:
    seen: list[str] = []

    def chunks() -> object:
        yield "Шаҳар ва\n"
        seen.append("asked for more")  # the first line must be out before this
        yield "қишлоқ"

    out = batch.line_flushed(TO_LATIN, iter(chunks()))  # type: ignore[arg-type]
    first = ""
    while not first.endswith("\n"):
        first += next(out)
    assert first == "Shahar va\n" and seen == []
    assert "".join(out) == "qishloq"


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes, encoding: str | None = None, chunk: int = 3) -> str:
    source = batch._Source(
        io.BytesIO(data), "f.txt", encoding, reject_binary=True, chunk_size=chunk
    )
    return "".join(source.chunks())


@given(
    st.text(max_size=60),
    st.integers(0, 60),
    st.sampled_from([b"\xff", b"\xc0", b"\xed\xa0"]),
    st.integers(1, 7),
)
def test_decode_error_names_the_byte_offset(text: str, at: int, bad: bytes, chunk: int) -> None:
    text = text.replace("\0", "")
    good = text.encode()
    at = min(at, len(good))
    while 0 < at < len(good) and (good[at] & 0xC0) == 0x80:
        at -= 1  # insert between characters, not inside one
    data = good[:at] + bad + good[at:]
    with pytest.raises(batch.DecodeError) as info:
        _decode(data, chunk=chunk)
    assert info.value.offset == at
    assert f"f.txt: not valid utf-8 at byte {at}" in str(info.value)


@given(st.text(max_size=80), st.integers(1, 9))
def test_chunked_decoding_gives_the_text_back(text: str, chunk: int) -> None:
    text = text.replace("\0", "")
    assert _decode(text.encode(), chunk=chunk) == text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks_are_recognised(bom: bytes, codec: str) -> None:
    text = "Шаҳар\r\nqishloq\n"
    data = bom + text.encode(codec)
    found = batch.sniff_encoding(data[:4], None)
    assert found == batch.TextEncoding(codec, bom)
    assert _decode(data, chunk=5) == text  # NUL bytes of UTF-16/32 are not "binary"


def test_nul_byte_means_binary_with_its_offset() -> None:
    with pytest.raises(batch.BinaryFileError) as info:
        _decode(b"abcdef\0gh", chunk=4)
    assert info.value.offset == 6


def test_unknown_and_non_text_encodings_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown encoding"):
        batch.codec_name("no-such-codec")
    with pytest.raises(ValueError, match="not a text encoding"):
        batch.codec_name("rot13")
    assert batch.codec_name("UTF8") == "utf-8"


def test_a_short_line_from_a_pipe_is_not_held_back_for_a_bom() -> None:
    # Two bytes cannot start any BOM ("o" does not): the source must not ask for more.
    reads: list[int] = []

    class Pipe(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def read1(self, n: int = -1) -> bytes:
            reads.append(n)
            if len(reads) > 1:
                raise AssertionError("read again before the first line was handled")
            return b"o\n"

    batch._Source(Pipe(), "<stdin>", None, reject_binary=False)  # type: ignore[arg-type]
    assert len(reads) == 1


# --------------------------------------------------------------------------- atomic writes


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(batch.TEMP_SUFFIX)]


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path: Path) -> None:
    dst = tmp_path / "a.txt"
    dst.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), batch.atomic_write(str(dst)) as pending:
        pending.write(b"half of the new")
        assert _temps(tmp_path)
        raise KeyboardInterrupt
    assert dst.read_bytes() == b"old"
    assert _temps(tmp_path) == []
    assert not atomic._LIVE_TEMPS


def test_atomic_write_sets_mode_and_keeps_a_backup(tmp_path: Path) -> None:
    dst = tmp_path / "a.txt"
    dst.write_bytes(b"old")
    with batch.atomic_write(str(dst), mode=0o640, backup=str(dst) + ".bak") as pending:
        pending.write(b"new")
        assert dst.read_bytes() == b"old"  # nothing visible before the end
    assert dst.read_bytes() == b"new"
    assert stat.S_IMODE(dst.stat().st_mode) == 0o640
    assert (tmp_path / "a.txt.bak").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.txt.bak"]


def test_temporary_names_are_known_before_the_file_exists(tmp_path: Path) -> None:
    fd, path = atomic._create_temp(str(tmp_path), ".x.")
    os.close(fd)
    assert path in atomic._LIVE_TEMPS and os.path.exists(path)
    batch.remove_live_temps()
    assert not os.path.exists(path) and not atomic._LIVE_TEMPS


# --------------------------------------------------------------------------- folders


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_walk_is_sorted_and_skips_hidden_vcs_and_temporaries(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        [
            "b.txt",
            "a.TXT",
            "z/c.txt",
            ".h.txt",
            ".git/d.txt",
            "CVS/e.txt",
            ".f.txt.1234abcd.translit-tmp",
            "g.py",
            ".hid/i.txt",
        ],
    )
    found, notices = batch.walk_folder(str(tmp_path), batch.make_selector(None))
    assert [rel for _, rel, _ in found] == ["a.TXT", "b.txt", os.path.join("z", "c.txt")]
    assert notices == []
    found, _ = batch.walk_folder(str(tmp_path), batch.make_selector(None), hidden=True)
    # A folder's own files first, then its subfolders, each sorted: a fixed order.
    assert [rel for _, rel, _ in found] == [
        ".h.txt",
        "a.TXT",
        "b.txt",
        os.path.join(".hid", "i.txt"),
        os.path.join("z", "c.txt"),
    ]


def test_user_globs_match_names_or_relative_paths() -> None:
    select = batch.make_selector(["*.md", "sub/*.txt"])
    assert select("a.md", "x/a.md")
    assert select("b.txt", "sub/b.txt")
    assert not select("b.txt", "other/b.txt")
    assert not select("A.MD", "A.MD")  # user patterns are case-sensitive


def test_default_globs_cover_plain_text_and_every_document_format() -> None:
    globs = batch.default_globs()
    assert {"*.txt", "*.text"} <= set(globs)
    try:
        import translit.formats as formats
    except ImportError:
        pytest.skip("the formats layer is not importable here")
    for name in formats.NAMES:
        for ext in formats.format_for(None, name).extensions:
            assert "*" + ext.lower() in globs


# --------------------------------------------------------------------------- planning


def test_plan_converts_a_file_named_twice_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    plan = batch.plan_jobs([str(tmp_path / "a.txt"), str(tmp_path / "link.txt")], in_place=True)
    assert len(plan.jobs) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"output": "OUT/in/inner"}, "inside the input folder"),
        ({"output": "OUT/in/a.txt"}, "already exist"),
        ({"backup": ".bak"}, "--backup needs --in-place"),
        ({"in_place": True, "output": "OUT/o"}, "either --in-place or -o"),
        ({}, "need -o/--output FOLDER or --in-place"),
    ],
)
def test_plan_refuses_unsafe_command_lines(
    tmp_path: Path, kwargs: dict[str, object], message: str
) -> None:
    _tree(tmp_path, ["in/a.txt"])
    (tmp_path / "in" / "inner").mkdir()
    args = {
        k: str(v).replace("OUT", str(tmp_path)) if isinstance(v, str) else v
        for k, v in kwargs.items()
    }
    paths = [str(tmp_path / "in")]
    if kwargs.get("output") == "OUT/in/a.txt":
        paths = [str(tmp_path / "in" / "a.txt")]
        (tmp_path / "in" / "b.txt").write_text("y", encoding="utf-8")
        args["output"] = str(tmp_path / "in" / "b.txt")
    with pytest.raises(batch.UsageError, match=message):
        batch.plan_jobs(paths, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("force", [False, True])
def test_no_output_may_replace_another_input_even_with_force(tmp_path: Path, force: bool) -> None:
    # `docs -o .` from inside the parent: docs/docs/x.txt would land on docs/x.txt.
    _tree(tmp_path, ["docs/x.txt", "docs/docs/x.txt"])
    with pytest.raises(batch.UsageError, match="would replace the input"):
        batch.plan_jobs([str(tmp_path / "docs")], output=str(tmp_path), force=force)
    # A backup named like another input: a.txt.bak is converted too.
    _tree(tmp_path, ["b/a.txt", "b/a.txt.bak"])
    with pytest.raises(batch.UsageError, match="would replace the input"):
        batch.plan_jobs(
            [str(tmp_path / "b" / "a.txt"), str(tmp_path / "b" / "a.txt.bak")],
            in_place=True,
            backup=".bak",
            force=force,
        )


def test_plan_refuses_two_inputs_writing_one_output(tmp_path: Path) -> None:
    _tree(tmp_path, ["x/a.txt", "y/a.txt"])
    with pytest.raises(batch.UsageError, match="would both be written"):
        batch.plan_jobs(
            [str(tmp_path / "x" / "a.txt"), str(tmp_path / "y" / "a.txt")],
            output=str(tmp_path / "out") + "/",
        )


# --------------------------------------------------------------------------- convert_file


def test_convert_file_is_public_and_lazy() -> None:
    assert translit.convert_file is batch.convert_file
    code = (
        "import sys, translit; print('translit.batch' in sys.modules); "
        "translit.convert_file; print('translit.batch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "True"]


def test_convert_file_keeps_encoding_bom_and_mode(tmp_path: Path) -> None:
    text = "Ўзбекистон ва Исҳоқ\r\n"
    src = tmp_path / "a.txt"
    src.write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    os.chmod(src, 0o604)
    assert translit.convert_file(src, source="cyrillic", target="latin") == TO_LATIN(text)
    assert translit.convert_file(src, src, source="cyrillic", target="latin") is None
    assert src.read_bytes() == codecs.BOM_UTF16_BE + TO_LATIN(text).encode("utf-16-be")
    assert stat.S_IMODE(src.stat().st_mode) == 0o604
    assert _temps(tmp_path) == []


def test_convert_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Шаҳар".encode() + b"\xff")
    with pytest.raises(batch.DecodeError) as info:
        translit.convert_file(bad, tmp_path / "out.txt", source="cyrillic", target="latin")
    assert info.value.offset == len("Шаҳар".encode())
    assert isinstance(info.value, ValueError)
    assert not (tmp_path / "out.txt").exists() and _temps(tmp_path) == []
    with pytest.raises(ValueError, match="unknown script"):
        translit.convert_file(bad, source="cyrillic", target="klingon")
    with pytest.raises(TypeError):
        translit.convert_file(bad)  # type: ignore[call-arg]  # source/target are required


def test_plain_text_needs_neither_formats_nor_processes() -> None:
    # Cold start of a pipe: the document formats and multiprocessing are not imported.
    code = (
        "import io, sys\n"
        "from translit import cli\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO('Шаҳар'.encode()))\n"
        "sys.stdout = io.TextIOWrapper(io.BytesIO())\n"
        "assert cli.main(['to-latin']) == 0\n"
        "sys.stdout.flush()\n"
        "assert sys.stdout.buffer.getvalue() == b'Shahar'\n"
        "print([m for m in ('translit.formats', 'multiprocessing') if m in sys.modules],"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "[]"


def test_a_bug_in_a_format_fails_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        name, binary, streaming, extensions = "broken", False, False, (".brk",)

        def convert_text(self, text: str, tr: object, options: object) -> str:
            raise RuntimeError("oops")

    real = batch.resolve_format
    monkeypatch.setattr(
        batch,
        "resolve_format",
        lambda path, forced: Broken() if str(path).endswith(".brk") else real(path, forced),
    )
    settings = batch.Settings("cyrillic", "latin", format_options=object())
    results = []
    for name in ("a.brk", "b.txt"):
        (tmp_path / name).write_text("Шаҳар\n", encoding="utf-8")
        job = batch.Job(str(tmp_path / name), str(tmp_path / f"out-{name}"), name)
        results.append(batch.convert_job(job, TO_LATIN, settings))
    assert results[0].status == "failed"
    assert results[0].message == "a.brk: internal error (RuntimeError: oops); please report"
    assert results[1].status == "converted"
    assert (tmp_path / "out-b.txt").read_text(encoding="utf-8") == "Shahar\n"
    assert not (tmp_path / "out-a.brk").exists() and _temps(tmp_path) == []
