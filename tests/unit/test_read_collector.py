"""Reading runs with fewer collections of Python's cyclic collector, and puts the thresholds
back however it ends: nested, in threads, after an error."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from core.errors import InputError
from loaders import read_text
from loaders.read import GC_THRESHOLDS, fewer_collections


@pytest.fixture(autouse=True)
def _known_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_nested_blocks_keep_the_reader_thresholds_until_the_last_leaves() -> None:
    with fewer_collections():
        assert gc.get_threshold() == GC_THRESHOLDS
        with fewer_collections():
            assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_a_reading_puts_them_back_after_a_result_and_after_an_error() -> None:
    read_text("一、甲\n（一）建设A平台。（省发改委负责）")
    assert gc.get_threshold() == (700, 10, 10)
    with pytest.raises(InputError):
        read_text("没有编号，也没有责任单位。")
    assert gc.get_threshold() == (700, 10, 10)


def test_threads_that_leave_in_either_order_put_them_back() -> None:
    first_in, first_may_leave = threading.Event(), threading.Event()
    inside_after_first_left: list[tuple[int, int, int]] = []

    def first() -> None:
        with fewer_collections():
            first_in.set()
            first_may_leave.wait(5)

    def second() -> None:
        first_in.wait(5)
        with fewer_collections():
            first_may_leave.set()  # the first leaves while the second is still inside
            threads[0].join(5)
            inside_after_first_left.append(gc.get_threshold())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert inside_after_first_left == [GC_THRESHOLDS]
    assert gc.get_threshold() == (700, 10, 10)
