"""The HTML of one unit's line on a dashboard, kept in this process while its inputs hold.

After a save, one unit's row changes; the page's other fifty lines (a table row, a card,
a line of each chart's table) are the same HTML as before, and rendering them again was
most of the first request after the save (~1 ms a unit). So each line is kept under a
slot that names the fragment, the unit and everything else it reads besides its inputs
(language, access, the table's columns), with the inputs it was made of: it is reused
while the inputs are equal (`==`: the very same row, or one rebuilt equal to it), and
made again from the new ones otherwise. A cleared cache (a new `generation`) forgets it.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.urls import get_script_prefix
from django.utils.translation import get_language

from dashboards.cache import generation

# A line takes ~1 KB: a few pages of every set in both languages, well under 20 MB.
ENTRIES = 12_000
_kept: OrderedDict[tuple, tuple[Any, str]] = OrderedDict()
_lock = threading.Lock()


def page_variant() -> tuple:
    """What every line's HTML reads besides its slot and inputs: the cache's generation,
    the language (labels, number marks) and the URLs' prefix. Taken once per page."""
    return (generation(), get_language(), get_script_prefix())


def kept_html(slot: tuple, inputs: Any, render: Callable[[], str]) -> str:
    """`render()`'s HTML, made of `inputs` (and of what `slot` names) alone, kept under
    `slot` for as long as equal inputs come."""
    with _lock:
        hit = _kept.get(slot)
        if hit is not None and (hit[0] is inputs or hit[0] == inputs):
            _kept.move_to_end(slot)
            return hit[1]
    html = render()
    with _lock:
        _kept[slot] = (inputs, html)
        _kept.move_to_end(slot)
        while len(_kept) > ENTRIES:
            _kept.popitem(last=False)
    return html


def forget() -> None:
    """Drop every kept line (tests)."""
    with _lock:
        _kept.clear()
