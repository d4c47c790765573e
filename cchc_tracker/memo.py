"""Memoising the small pure functions a large export calls for every cell."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

_NUMBERS = frozenset({int, float, Decimal})


LONGEST = 200


def worth_keeping(value: Any, longest: int = LONGEST) -> bool:
    """Whether a memo may keep what was made of `value`: not of a text longer than
    `longest` (an explanation, a comment: seldom repeated, and the memo would grow with
    the export), nor of a zero (-0 equals 0, so it would find 0's entry, but is written
    "-0")."""
    kind = type(value)
    if kind is str:
        return len(value) <= longest
    return not (kind in _NUMBERS and not value)


class ShortMemo(dict):
    """What `function` gave for each argument (or tuple of arguments) that repeats: a
    set's names, labels and points come again on each of 1,000 unit sheets.

    A call is kept where its last argument is `worth_keeping`, so the memo holds at most
    `maxsize` short texts whatever the export (it starts afresh when full); a None
    result is not kept.
    A caller on a hot path reads the memo as the dict it is (`memo.get(key)`, no Python
    call) and calls it only on a miss."""

    def __init__(self, function: Callable[..., Any], maxsize: int, longest: int):
        super().__init__()
        self.function, self.maxsize, self.longest = function, maxsize, longest
        self.__doc__ = function.__doc__

    def __call__(self, *args: Any) -> Any:
        key = args if len(args) > 1 else args[0]
        known = self.get(key)
        if known is not None:
            return known
        result = self.function(*args)
        if result is not None and worth_keeping(args[-1], self.longest):
            if len(self) >= self.maxsize:
                self.clear()
            self[key] = result
        return result


def memo_short(maxsize: int, longest: int = LONGEST) -> Callable[[Callable[..., Any]], ShortMemo]:
    """Decorate a pure function as a ShortMemo."""
    return lambda function: ShortMemo(function, maxsize, longest)
