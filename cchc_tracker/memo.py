"""Memoising the small pure functions a large export calls for every cell."""

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, wraps
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_NUMBERS = frozenset({int, float, Decimal})


def memo_short(maxsize: int, longest: int = 200) -> Callable[[F], F]:
    """`lru_cache(maxsize)` for what repeats: a set's names, labels and points come again on
    each of 1,000 unit sheets. A call whose last argument is a text longer than `longest`
    (an explanation, a comment: seldom repeated) is not kept, so the cache holds at most
    `maxsize` short texts, whatever the export. Nor is a call on a zero: -0 equals 0 (and
    would find its entry) but is written "-0"."""

    def decorate(function: F) -> F:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(*args: Any) -> Any:
            last = args[-1]
            kind = type(last)
            if (kind is str and len(last) > longest) or (kind in _NUMBERS and not last):
                return function(*args)
            return cached(*args)

        return call  # type: ignore[return-value]

    return decorate
