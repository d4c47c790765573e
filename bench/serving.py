"""What every benchmark here shares: the result of a load, the HTTP client processes,
the trivial page timed in slices alternating with the page's, the report table, and the
machine's facts (bench/dashboards.py, bench/forms.py)."""

import http.client
import os
import platform
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int
    size: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] * 1000


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def database_recreate(name: str, admin_url: str) -> None:
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        # The benchmark's own database: a forgotten dev server on it must not stop the run.
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def analyze(url: str) -> None:
    """Fresh planner statistics after the bulk load, as autovacuum would give them later."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def get(port: int, path: str, cookie: str | None) -> tuple[int, int]:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        # `cookie` is a session cookie, or "Bearer <token>" for the API's pages; a session
        # cookie may carry an ETag to send back ("<cookie>|<etag>": a 304 is then a success).
        cookie, _sep, etag = (cookie or "").partition("|")
        if cookie and cookie.startswith("Bearer "):
            headers = {"Authorization": cookie}
        else:
            headers = {"Cookie": cookie} if cookie else {}
        if etag:
            headers["If-None-Match"] = etag
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        status = 200 if etag and response.status == 304 else response.status
        return status, len(body)
    finally:
        connection.close()


def client(port: int, paths: list[str], cookie: str | None, start: float, stop: float, offset: int):
    """One client: requests one after another from `start` to `stop` (wall clock)."""
    time.sleep(max(0.0, start - time.time()))
    latencies, errors, size, n = [], 0, 0, offset
    while time.time() < stop:
        path = paths[n % len(paths)]
        n += 1
        began = time.perf_counter()
        try:
            status, size = get(port, path, cookie)
        except OSError:
            status = 0
        latencies.append(time.perf_counter() - began)
        if status != 200:
            errors += 1
    return latencies, errors, size


def load(name: str, port: int, paths, cookie, *, clients: int, seconds: float) -> Result:
    paths = paths if isinstance(paths, list) else [paths]
    start = time.time() + 0.5  # let every client process start first
    with ProcessPoolExecutor(clients) as pool:
        futures = [
            pool.submit(client, port, paths, cookie, start, start + seconds, i * 7)
            for i in range(clients)
        ]
        outcomes = [future.result(timeout=seconds + 120) for future in futures]
    latencies = [lat for outcome in outcomes for lat in outcome[0]]
    return Result(
        name=name,
        requests=len(latencies),
        seconds=seconds,
        latencies=latencies,
        errors=sum(outcome[1] for outcome in outcomes),
        size=max(outcome[2] for outcome in outcomes),
    )


def wait_until_up(port: int, deadline: float) -> None:
    while time.time() < deadline:
        try:
            if get(port, "/login/", None)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def load_average() -> str:
    """The machine's 1-minute load: other work on a shared machine skews every figure."""
    return f"{os.getloadavg()[0]:.2f}"


def merged(name: str, parts: list[Result]) -> Result:
    return Result(
        name=name,
        requests=sum(p.requests for p in parts),
        seconds=sum(p.seconds for p in parts),
        latencies=[lat for p in parts for lat in p.latencies],
        errors=sum(p.errors for p in parts),
        size=max(p.size for p in parts),
    )


def paired(name: str, port: int, paths, cookie, trivial, clients: int, args) -> tuple:
    """The page and the trivial page in alternating slices, so that both see the same
    background load (on a shared machine it drifts by a factor of two within minutes)."""
    slice_seconds = args.seconds / args.rounds
    page_parts, trivial_parts = [], []
    for _ in range(args.rounds):
        trivial_parts.append(
            load(trivial[0], port, trivial[1], None, clients=clients, seconds=slice_seconds)
        )
        page_parts.append(load(name, port, paths, cookie, clients=clients, seconds=slice_seconds))
    page, reference = merged(name, page_parts), merged(trivial[0], trivial_parts)
    print(
        f"   {name:<44} {page.rps:>7.1f} req/s ({page.rps / reference.rps * 100:>3.0f} % of "
        f"{reference.rps:>6.1f})  p50 {page.percentile(0.5):>6.1f} ms  "
        f"p95 {page.percentile(0.95):>6.1f} ms  {page.size / 1024:>5.0f} KB  "
        f"errors {page.errors}",
        flush=True,
    )
    return page, reference


def report(clients: int, rows: list[tuple[Result, Result]]) -> None:
    """'trivial' is the anonymous login form, measured in slices alternating with the page."""
    print()
    print(f"{clients} concurrent clients:")
    print()
    print("| page | req/s | trivial req/s | share | p50 ms | p95 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page, trivial in rows:
        share = page.rps / trivial.rps * 100 if trivial.rps else 0
        p50, p95 = page.percentile(0.5), page.percentile(0.95)
        print(f"| {page.name} | {page.rps:.1f} | {trivial.rps:.1f} | {share:.0f} % | "
              f"{p50:.1f} | {p95:.1f} | {page.errors} |")  # fmt: skip
    print()
