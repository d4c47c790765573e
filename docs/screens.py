"""Screenshots of the pages people see first, for checking by eye (issue 14): the demo
data in a fresh SQLite database, the app served by a real server process, Debian's
Chromium at desktop (1280 × 800), laptop (1366 × 768) and phone (375 × 812) sizes.

    .venv/bin/python docs/screens.py            # writes screens/*.png (git-ignored)
    .venv/bin/python docs/screens.py --out /tmp/screens

Each shot is the whole page; the script also prints each page's width in CSS pixels, so a
page wider than its screen (sideways scrolling on a phone) shows in the output."""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 (after the path)

PASSWORD = "cchc-demo"  # the demo accounts' development-only password (README)
SIZES = {"desktop": (1280, 800), "laptop": (1366, 768), "phone": (375, 812)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict) -> None:
    python = sys.executable
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urlopen(f"http://127.0.0.1:{port}/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def shoot(page, out: Path, name: str) -> None:
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    screen = page.viewport_size["width"]
    wide = "  WIDER THAN THE SCREEN" if width > screen else ""
    print(f"{path.name:40} {width:5} × {height:6} px{wide}")


def journeys(page, base: str, out: Path, size: str) -> None:
    sign_in(page, base, "lanhdao")
    page.goto(f"{base}/dashboards/")
    shoot(page, out, f"leader-first-page-{size}")
    ranking = page.locator("#ranking-title, [id^=ranking-]").first
    if ranking.count():
        ranking.scroll_into_view_if_needed()
    page.screenshot(path=str(out / f"leader-ranking-{size}.png"))
    print(f"{'leader-ranking-' + size + '.png':40} (the screen at the ranking)")
    page.goto(f"{base}/dashboards/print/")
    shoot(page, out, f"leader-annex-{size}")
    sign_in(page, base, "phuong-1")
    page.goto(f"{base}/my-unit/")
    shoot(page, out, f"official-board-{size}")
    link = page.locator("a[href*='self-assessment']").first
    if link.count():
        link.click()
        shoot(page, out, f"official-self-assessment-{size}")
    sign_in(page, base, "thamdinh")
    page.goto(f"{base}/appraisal/")
    shoot(page, out, f"appraiser-board-{size}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screens")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/screens.sqlite3",
            "DJANGO_DEBUG": "true",
            "DJANGO_MEDIA_ROOT": f"{tmp}/media",
        }
        prepare(env)
        port = free_port()
        server = serve(env, port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for size, (width, height) in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    journeys(page, f"http://127.0.0.1:{port}", args.out, size)
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
