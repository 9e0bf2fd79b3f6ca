"""A Transliterator ships to worker processes: it pickles to its constructor arguments and
is rebuilt once per process, converting exactly as the original (issue 16)."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading

import pytest

import translit

CYRILLIC = "Ўзбекистон Республикаси, Starlinkга сентябрь ойида www.kun.uz ёзди: «Шаҳар»."
LATIN = "Oʻzbekiston, Starlinkga sirkka bordik; Facebookʼda yoʻl, O'zbekiston XXI asr."

CONFIGURATIONS = [
    ("cyrillic", "latin", {}, CYRILLIC),
    ("cyrillic", "latin", {"apostrophe": "ascii"}, CYRILLIC),
    ("cyrillic", "latin", {"apostrophe": "typographic", "keep": ["Шаҳар"]}, CYRILLIC),
    ("cyrillic", "latin-2026", {}, CYRILLIC),
    ("latin", "cyrillic", {}, LATIN),
    ("latin", "cyrillic", {"keep": ["Starlink", "Facebook"]}, LATIN),
    ("latin", "latin-2021", {}, LATIN),
    ("latin-2023", "cyrillic", {}, LATIN),
    # A user lexicon travels as its words (read from the file once, where it was given).
    ("latin", "cyrillic", {"lexicon": ["цвайгсизм"], "keep": ["Starlink"]}, LATIN + " svaygsizm"),
]


def _convert(job: tuple[translit.Transliterator, str]) -> str:
    tr, text = job
    return tr(text)


def _identity(tr: translit.Transliterator) -> tuple[int, int]:
    return os.getpid(), id(tr)


def _configured(source: str, target: str, options: dict[str, object]) -> translit.Transliterator:
    return translit.Transliterator(source, target, **options)


def test_pickle_keeps_source_target_and_options() -> None:
    for source, target, options, _ in CONFIGURATIONS:
        tr = _configured(source, target, options)
        copy = pickle.loads(pickle.dumps(tr))
        assert (copy.source, copy.target, copy.options) == (tr.source, tr.target, tr.options)


def test_pickle_is_small() -> None:
    # The compiled tables and the word cache must not travel with every task.
    tr = translit.Transliterator("latin", "cyrillic", keep=["Starlink"])
    tr(LATIN * 50)  # fill the word cache
    assert len(pickle.dumps(tr)) < 1000


def test_unpickled_twice_in_one_process_is_built_once() -> None:
    tr = translit.Transliterator("cyrillic", "latin", apostrophe="ascii")
    data = pickle.dumps(tr)
    assert pickle.loads(data) is pickle.loads(data)
    other = translit.Transliterator("cyrillic", "latin", apostrophe="typographic")
    assert pickle.loads(pickle.dumps(other)) is not pickle.loads(data)


def test_user_lexicon_survives_pickling() -> None:
    tr = translit.Transliterator("latin", "cyrillic", lexicon=["цвайгсизм"])
    assert pickle.loads(pickle.dumps(tr))("svaygsizm") == "цвайгсизм"  # from the lexicon
    assert translit.to_cyrillic("svaygsizm") != "цвайгсизм"  # and not from the rules


def test_keep_order_does_not_matter() -> None:
    first = translit.Transliterator("latin", "cyrillic", keep=["Starlink", "Facebook"])
    second = translit.Transliterator("latin", "cyrillic", keep=["Facebook", "Starlink"])
    assert pickle.dumps(first) == pickle.dumps(second)


def test_unpickling_from_threads_builds_one() -> None:
    data = pickle.dumps(translit.Transliterator("latin", "latin-2026", keep=["Threads"]))
    found: list[translit.Transliterator] = []
    threads = [threading.Thread(target=lambda: found.append(pickle.loads(data))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(tr) for tr in found}) == 1


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_pool_converts_as_this_process(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method on this platform")
    jobs = []
    for source, target, options, text in CONFIGURATIONS:
        tr = _configured(source, target, options)
        jobs.extend((tr, line) for line in (text, text.upper(), "", text * 3))
    expected = [tr(text) for tr, text in jobs]
    with multiprocessing.get_context(method).Pool(2) as pool:
        assert pool.map(_convert, jobs, chunksize=1) == expected
        # Many tasks with the same transliterator: one object per worker process.
        tr = jobs[0][0]
        seen = pool.map(_identity, [tr] * 16, chunksize=1)
    by_process: dict[int, set[int]] = {}
    for pid, ident in seen:
        by_process.setdefault(pid, set()).add(ident)
    assert all(len(idents) == 1 for idents in by_process.values())
