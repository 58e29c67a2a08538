"""How every browser test launches Debian's chromium (one list, used by tests/e2e and the sheet tests).

Without the background-networking flags chromium keeps trying to reach hosts this closed network refuses.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
