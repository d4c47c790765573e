"""memo_short (cchc_tracker/memo.py): what repeats is made once; long texts and zeros
are made each time (the cache stays small; -0 is not taken for 0)."""

from decimal import Decimal

from cchc_tracker.memo import memo_short


def counted():
    calls = []

    @memo_short(16, longest=10)
    def written(value):
        calls.append(value)
        return str(value)

    return written, calls


def test_a_short_text_or_number_is_made_once():
    written, calls = counted()
    assert [written("Phường 1"), written("Phường 1"), written(2), written(2)] == [
        "Phường 1",
        "Phường 1",
        "2",
        "2",
    ]
    assert calls == ["Phường 1", 2]


def test_a_long_text_and_a_zero_are_made_each_time():
    written, calls = counted()
    long_text = "giải trình " * 5
    assert written(long_text) == written(long_text) == long_text
    assert written(0) == "0"
    assert written(Decimal("-0.00")) == "-0.00"
    assert calls == [long_text, long_text, 0, Decimal("-0.00")]
