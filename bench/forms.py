"""Benchmark of the forms: the officials' self-assessment and the appraisers' appraisal,
each loaded (GET) and saved (POST) at province scale, served by gunicorn on PostgreSQL.

    .venv/bin/python bench/forms.py                 # seed, serve, measure (~6 min)
    .venv/bin/python bench/forms.py --reuse         # keep the seeded database

The database (default `cchc_bench_forms`, so that the dashboards' benchmark keeps its
own) is seeded by bench/seed_province.py: 1,000 units, 100 leaves per set, a 2025 set in
self-assessment (84 leaves an official fills in, 16 survey leaves) and the 2024 set under
appraisal. Each client works on its own unit: it loads the form, reads its CSRF token and
row versions, and sends every leaf changed (rates 40 % and 80 % in turn on the
self-assessment; 1 and 0,5 with a comment on the appraisal); only the POST is timed, and
it must answer with the redirect of a successful save. Beside each measurement the same
server serves the trivial page (the anonymous login form) in alternating slices
(bench/serving.py), and each figure is also given as a ratio to the trivial page's.
Loopback only; every request is bounded by a timeout. Not part of the tests.
"""

import argparse
import html
import http.client
import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serving as machinery  # noqa: E402  (bench/serving.py: server, load, report)

ROOT, PYTHON, HOST = machinery.ROOT, machinery.PYTHON, machinery.HOST
VERSIONS = re.compile(r'name="versions" value="([^"]*)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def request(port: int, method: str, path: str, cookie: str, body: str = "") -> tuple:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        headers = {"Cookie": cookie}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        connection.close()


def form_post(kind: str, unit: str, page: str, turn: int) -> dict[str, str]:
    """Every leaf of the form changed from the previous turn's value."""
    versions = html.unescape(VERSIONS.search(page).group(1))  # type: ignore[union-attr]
    data = {
        "csrfmiddlewaretoken": CSRF_FIELD.search(page).group(1),  # type: ignore[union-attr]
        "unit": unit,
        "versions": versions,
        "action": "save",
    }
    for pk in json.loads(versions):
        if kind == "self":
            data[f"leaf-{pk}-value"] = "40" if turn % 2 else "80"
        else:
            data[f"leaf-{pk}-appraised"] = "0,5" if turn % 2 else "1"
            data[f"leaf-{pk}-comment"] = "Thiếu tài liệu kiểm chứng" if turn % 2 else ""
    return data


def save_client(port: int, spec: dict, kind: str, start: float, stop: float, turn: int):
    """One client saving its unit's form again and again; only the POST is timed."""
    cookie = spec["official"] if kind == "self" else spec["appraiser"]
    path = spec[kind]
    time.sleep(max(0.0, start - time.time()))
    latencies, errors, size = [], 0, 0
    while time.time() < stop:
        status, set_cookie, body = request(port, "GET", path, cookie)
        csrf = re.search(r"csrftoken=([^;]+)", set_cookie)
        token_cookie = f"{cookie}; csrftoken={csrf.group(1)}" if csrf else cookie
        data = form_post(kind, spec["unit"], body.decode(), turn)
        turn += 1
        began = time.perf_counter()
        try:
            status, _cookie, body = request(port, "POST", path, token_cookie, urlencode(data))
        except OSError:
            status = 0
        latencies.append(time.perf_counter() - began)
        size = len(urlencode(data))
        if status != 302:  # a save redirects; 200 would be the form shown again with errors
            errors += 1
    return latencies, errors, size


def saves(name: str, port: int, specs: list[dict], kind: str, seconds: float, turn: int):
    start = time.time() + 0.5
    with ProcessPoolExecutor(len(specs)) as pool:
        futures = [
            pool.submit(save_client, port, spec, kind, start, start + seconds, turn)
            for spec in specs
        ]
        outcomes = [future.result(timeout=seconds + 120) for future in futures]
    return machinery.Result(
        name=name,
        requests=sum(len(o[0]) for o in outcomes),
        seconds=seconds,
        latencies=[lat for o in outcomes for lat in o[0]],
        errors=sum(o[1] for o in outcomes),
        size=max(o[2] for o in outcomes),
    )


def measured(name: str, port: int, page, trivial: str, args) -> tuple:
    """`page(slice_seconds)` and the trivial page in alternating slices (same load)."""
    slice_seconds = args.seconds / args.rounds
    page_parts, trivial_parts = [], []
    for _ in range(args.rounds):
        trivial_parts.append(
            machinery.load(
                "trivial", port, trivial, None, clients=args.clients, seconds=slice_seconds
            )
        )
        page_parts.append(page(slice_seconds))
    result = machinery.merged(name, page_parts)
    reference = machinery.merged("trivial page: login form", trivial_parts)
    print(
        f"   {name:<48} p50 {result.percentile(0.5):>6.1f} ms  p95 {result.percentile(0.95):>6.1f}"
        f" ms  ({result.percentile(0.5) / reference.percentile(0.5):>5.1f} x trivial p50 "
        f"{reference.percentile(0.5):.1f} ms)  {result.requests} requests, errors "
        f"{result.errors}",
        flush=True,
    )
    return result, reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--database", default="cchc_bench_forms")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--port", type=int, default=8812)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=2, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=20, help="per measurement")
    parser.add_argument("--rounds", type=int, default=5, help="alternating slices")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="cchc-bench-static-"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    if not args.reuse:
        print(f"== database {args.database}: recreate, migrate, seed (province)", flush=True)
        machinery.database_recreate(args.database, f"{args.pg}/postgres")
        machinery.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        machinery.run([PYTHON, "bench/seed_province.py", "--units", str(args.units)], env)
        machinery.analyze(f"{args.pg}/{args.database}")
    machinery.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    prepared = json.loads(
        machinery.run(
            [PYTHON, "bench/forms_prepare.py", str(args.clients)],
            env,
            capture_output=True,
            text=True,
        ).stdout
    )
    specs, trivial = prepared["clients"][: args.clients], prepared["trivial"]
    reader = prepared["clients"][-1]  # a unit no client saves: its GETs see no conflict

    print(f"== gunicorn: {args.workers} sync workers on {HOST}:{args.port}", flush=True)
    server = subprocess.Popen(
        [machinery.GUNICORN, "cchc_tracker.wsgi", "--bind", f"{HOST}:{args.port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    rows = []
    try:
        machinery.wait_until_up(args.port, time.time() + 60)
        for kind in ("self", "appraisal"):
            cookie = reader["official"] if kind == "self" else reader["appraiser"]
            assert machinery.get(args.port, reader[kind], cookie)[0] == 200, kind
        print("== warm-up: each form and save for 3 s", flush=True)
        for kind in ("self", "appraisal"):
            cookie = reader["official"] if kind == "self" else reader["appraiser"]
            machinery.load("warm-up", args.port, reader[kind], cookie, clients=2, seconds=3)
            warm = saves("warm-up", args.port, specs, kind, 3, 0)
            assert warm.errors == 0, f"{kind} saves failed during the warm-up"
        load_before = machinery.load_average()
        print(f"== {args.clients} concurrent clients, {args.seconds:.0f} s each", flush=True)
        plan = [
            ("self-assessment GET, 84 leaves", "self", "get"),
            ("self-assessment save, 84 leaves changed", "self", "save"),
            ("appraisal GET, 100 leaves", "appraisal", "get"),
            ("appraisal save, 100 leaves changed", "appraisal", "save"),
        ]
        for name, kind, what in plan:
            cookie = reader["official"] if kind == "self" else reader["appraiser"]
            if what == "get":

                def page(seconds, kind=kind, cookie=cookie):
                    return machinery.load(
                        "", args.port, reader[kind], cookie, clients=args.clients, seconds=seconds
                    )
            else:

                def page(seconds, kind=kind):
                    return saves("", args.port, specs, kind, seconds, 1)

            rows.append(measured(name, args.port, page, trivial, args))
        load_after = machinery.load_average()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(f"Forms benchmark, province scale ({args.units} units), {datetime.now():%Y-%m-%d %H:%M}")
    print(f"Machine: {machinery.machine()}; Python {platform.python_version()}; gunicorn "
          f"{args.workers} sync workers; {args.clients} clients; "
          f"{args.seconds:.0f} s each")  # fmt: skip
    print()
    print("| work | p50 ms | p95 ms | p50 / trivial p50 | p95 / trivial p50 | trivial p50 ms "
          "| requests | errors |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result, reference in rows:
        p50, p95, base = result.percentile(0.5), result.percentile(0.95), reference.percentile(0.5)
        print(f"| {result.name} | {p50:.1f} | {p95:.1f} | {p50 / base:.0f} × | {p95 / base:.0f} × "
              f"| {base:.1f} | {result.requests} | {result.errors} |")  # fmt: skip
    print()
    print(f"Load average (1 min) before the runs: {load_before}, after: {load_after}")


if __name__ == "__main__":
    sys.exit(main())
