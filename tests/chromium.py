"""How Playwright starts this machine's Chromium (Debian's, headless, nothing fetched
from the network): the browser tests and `make screens` (docs/screens.py) share it."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
