"""Benchmark of the dashboards: seed a scale, serve with gunicorn on PostgreSQL, load pages.

    .venv/bin/python bench/dashboards.py --scale province      # ~1,000 units x 100 leaves x 3 years
    .venv/bin/python bench/dashboards.py --scale city          # the Cao Lãnh demo (27 units)

Steps: (re)create a dedicated PostgreSQL database (default `cchc_bench`), migrate, seed
(`seed_demo` for the city; bench/seed_province.py for the province), collectstatic, start
gunicorn with DEBUG off and a random secret key on 127.0.0.1, warm every page up, then
load each page with concurrent client processes and print p50 / p95 latency and requests
per second. Beside each page, the same server serves a trivial page (the anonymous login
form) in slices that alternate with the page's, so that both see the same background
load. Two passes: --clients (throughput) and --latency-clients. Loopback only; every
request is bounded by a timeout and every run by --seconds. Not part of the tests.
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import (  # noqa: E402  (bench/serving.py, shared with bench/forms.py)
    GUNICORN,
    HOST,
    PYTHON,
    ROOT,
    Result,
    analyze,
    database_recreate,
    get,
    load,
    load_average,
    machine,
    paired,
    report,
    run,
    wait_until_up,
)


def cold_latency(
    port: int, path: str, cookie: str, env: dict, freshness: int, *, year: int
) -> list[float]:
    """Latency of the first request after a score of `year` changed (the fingerprint
    moves, the set's results and the page are recomputed), a few times."""
    samples = []
    for _ in range(3):
        run([PYTHON, "-c", CHANGE_A_SCORE.replace("YEAR", str(year))], env)
        time.sleep(freshness + 1.5)
        began = time.perf_counter()
        get(port, path, cookie)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


CHANGE_A_SCORE = """
import os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_tracker.settings")
import django; django.setup()
from assessments.models import Score
score = Score.objects.filter(criterion__index_set__year=YEAR).order_by("pk").first()
score.note = (score.note or "") + "."
score.save()
"""


def etag_of(port: int, path: str, cookie: str) -> str:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.getheader("ETag") or ""
    finally:
        connection.close()


def worker_rss_mb(server_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the server's children), in MB."""
    sizes = []
    for task in Path(f"/proc/{server_pid}/task").glob("*/children"):
        for child in task.read_text().split():
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sizes


def export_pass(port: int, pages: dict, cookie: str, server_pid: int) -> list[tuple]:
    """Each export once after another, timed, with the workers' memory after it."""
    rows = []
    for name, path in (
        ("year workbook 2023 (results.xlsx)", pages["year_xlsx"]),
        ("published JSON 2023 (results.json)", pages["year_json"]),
    ):
        for attempt in ("first", "again"):
            began = time.perf_counter()
            status, size = get(port, path, cookie)
            seconds = time.perf_counter() - began
            rss = worker_rss_mb(server_pid)
            rows.append((f"{name}, {attempt}", status, seconds, size, max(rss, default=0), rss))
            print(f"   {rows[-1][0]:<48} {status} {seconds:7.2f} s {size / 1e6:6.2f} MB  "
                  f"workers' RSS {', '.join(f'{r:.0f}' for r in rss)} MB", flush=True)  # fmt: skip
    return rows


# One writer: saves an appraised score of a random unit of the round under appraisal
# through the scores' service (assessments.services.common.write_scores: history, version,
# stamps, the triggers), every --save-interval seconds, until its deadline.
WRITER = """
import os, random, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_tracker.settings")
import django; django.setup()
from decimal import Decimal
from accounts.models import User
from assessments.models import Score
from assessments.services.common import write_scores
stop, interval, seed = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
user = User.objects.get(username="bench-leader")
ids = list(Score.objects.filter(criterion__index_set__year=2024).values_list("pk", flat=True))
saves = 0
while time.time() < stop:
    score = Score.objects.get(pk=rng.choice(ids))
    share = Decimal(rng.randint(0, 4)) / 4
    score.appraised_points = (score.max_points * share).quantize(Decimal("0.01"))
    score.version += 1
    write_scores(created=[], updated=[score], fields=["appraised_points"], user=user)
    saves += 1
    time.sleep(interval)
print(saves)
"""


def busy_round(port: int, plan: list, trivial, args, env: dict) -> tuple[list, int]:
    """Readers load the dashboards while writer processes save scores continuously."""
    stop = time.time() + len(plan) * (args.seconds + 2) + 5
    writers = [
        subprocess.Popen(
            [PYTHON, "-c", WRITER, str(stop), str(args.save_interval), str(n)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in range(args.writers)
    ]
    try:
        rows = [
            paired(name, port, paths, cookie, trivial, args.latency_clients, args)
            for name, paths, cookie in plan
        ]
    finally:
        saves = 0
        for writer in writers:
            out, _err = writer.communicate(timeout=max(5, stop - time.time() + 60))
            saves += int(out.strip() or 0)
    return rows, saves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["city", "province"], default="province")
    parser.add_argument("--units", type=int, default=1000, help="province scale: units")
    parser.add_argument("--database", default="cchc_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8, help="throughput pass")
    parser.add_argument("--latency-clients", type=int, default=2, help="latency pass")
    parser.add_argument("--seconds", type=float, default=15, help="per page (and as much trivial)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating slices per page")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    parser.add_argument("--writers", type=int, default=2, help="busy round: writer processes")
    parser.add_argument(
        "--save-interval", type=float, default=1.0, help="busy round: seconds between saves"
    )
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["pages", "exports", "busy"], help="passes to skip"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--only", nargs="+", metavar="WORD", help="only the pages whose name holds a word"
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="serve with REDIS_URL set: sessions read from Redis (e.g. redis://127.0.0.1:6379/5)",
    )
    args = parser.parse_args()

    static_root = tempfile.mkdtemp(prefix="cchc-bench-static-")
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    freshness = int(env.get("CCHC_DASHBOARD_FRESHNESS_SECONDS", "5"))
    server_env = dict(env)
    if args.redis:
        server_env["REDIS_URL"] = args.redis
    # The benchmark's clients would hit the API's per-client rate limit at once.
    server_env["CCHC_API_RATE_PER_MINUTE"] = str(10**9)
    if not args.reuse:
        print(f"== database {args.database}: recreate, migrate, seed ({args.scale})", flush=True)
        database_recreate(args.database, f"{args.pg}/postgres")
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        began = time.perf_counter()
        if args.scale == "city":
            # seed_demo creates logins with a public password, so it wants DEBUG on.
            run([PYTHON, "manage.py", "seed_demo"], {**env, "DJANGO_DEBUG": "true"},
                stdout=subprocess.DEVNULL)  # fmt: skip
        else:
            run([PYTHON, "bench/seed_province.py", "--units", str(args.units)], env)
        print(f"   seeded in {time.perf_counter() - began:.1f} s", flush=True)
        analyze(f"{args.pg}/{args.database}")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    users = ("lanhdao", "phuong-1") if args.scale == "city" else ("bench-leader", "bench-official")
    pages = json.loads(
        run([PYTHON, "bench/prepare.py", *users], env, capture_output=True, text=True).stdout
    )

    print(f"== gunicorn: {args.workers} sync workers on {HOST}:{args.port}", flush=True)
    server = subprocess.Popen(
        [GUNICORN, "cchc_tracker.wsgi", "--bind", f"{HOST}:{args.port}",
         "--workers", str(args.workers), "--log-level", "warning",
         # as README's start command: the year workbook takes longer than the default 30 s
         # on a loaded machine
         "--timeout", "120"],
        env=server_env, cwd=ROOT,
    )  # fmt: skip
    try:
        wait_until_up(args.port, time.time() + 60)
        leader, official = pages["leader"], pages["official"]
        plan = [
            # The login form for a signed-in user: the session and user queries and the
            # menu that every signed-in page pays, the dashboards included.
            ("trivial page, signed in (login form + menu)", pages["trivial"], leader),
            ("year dashboard 2023 (leader)", pages["dashboard"], leader),
            ("year dashboard 2024, under appraisal", pages["dashboard_current"], leader),
            ("year dashboard 2023 (official: ranking)", pages["dashboard"], official),
            ("unit scorecard 2023, 20 units", pages["scorecards"][:20], leader),
            (f"unit scorecard 2023, all {pages['units']} units", pages["scorecards"], leader),
            ("field view (field 3)", pages["field"], leader),
            ("printable annex (every unit)", pages["annex"], leader),
            # The token API: a province's published results in one call, each unit's, and
            # the open round's progress (issue 17).
            (f"API results 2023, all {pages['units']} units", pages["api_results"], pages["api"]),
            (
                "API results 2023, pages of 100 (the default)",
                pages["api_results_page"],
                pages["api"],
            ),  # fmt: skip
            ("API results 2023, one unit (each in turn)", pages["api_unit_results"], pages["api"]),
            ("API progress 2024, under appraisal", pages["api_progress"], pages["api"]),
        ]
        trivial = ("trivial page: login form", pages["trivial"], None)
        if args.only:
            plan = [row for row in plan if any(word in row[0] for word in args.only)]
        print("== warm-up: every page for 3 s with the same clients", flush=True)
        began = time.perf_counter()
        for _name, paths, cookie in [trivial, *plan]:
            warm = paths[:20] if isinstance(paths, list) else paths
            for path in warm if isinstance(warm, list) else [warm]:
                status, _size = get(args.port, path, cookie)
                assert status == 200, (path, status)
            load("warm-up", args.port, warm, cookie, clients=args.clients, seconds=3)
        print(f"   {time.perf_counter() - began:.1f} s", flush=True)
        passes: dict[int, list[tuple[Result, Result]]] = {}
        load_before = load_average()
        if "pages" not in args.skip:
            for clients in dict.fromkeys((args.clients, args.latency_clients)):
                print(f"== {clients} concurrent clients, {args.seconds:.0f} s per page", flush=True)
                passes[clients] = [
                    paired(name, args.port, paths, cookie, trivial, clients, args)
                    for name, paths, cookie in plan
                ]
        cold = cold_latency(args.port, pages["dashboard"], leader, env, freshness, year=2023)
        # Until 2026-12-03 this changed a 2023 score too, as its line below did not say: the
        # 2024 page then recomputed its trend only, not the round's results.
        cold_current = cold_latency(
            args.port, pages["dashboard_current"], leader, env, freshness, year=2024
        )
        exports: list[tuple] = []
        if "exports" not in args.skip:
            print("== exports, one after another", flush=True)
            exports = export_pass(args.port, pages, leader, server.pid)
            etag = etag_of(args.port, pages["year_json"], leader)
            json_plan = [
                ("published JSON 2023 (shared cache)", pages["year_json"], leader),
                ("published JSON 2023, If-None-Match (304)", pages["year_json"],
                 f"{leader}|{etag}"),
            ]  # fmt: skip
            passes.setdefault(args.latency_clients, []).extend(
                paired(name, args.port, path, cookie, trivial, args.latency_clients, args)
                for name, path, cookie in json_plan
            )
        busy: list = []
        saves = 0
        if "busy" not in args.skip:
            busy_plan = [
                ("busy: trivial page, signed in", pages["trivial"], leader),
                ("busy: year dashboard 2024 (the round saved into)", pages["dashboard_current"],
                 leader),
                ("busy: year dashboard 2023", pages["dashboard"], leader),
                ("busy: unit scorecard 2024, 20 units", pages["scorecards_current"][:20], leader),
            ]  # fmt: skip
            print(f"== busy round: {args.writers} writers saving every {args.save_interval} s, "
                  f"{args.latency_clients} readers", flush=True)  # fmt: skip
            busy, saves = busy_round(args.port, busy_plan, trivial, args, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(f"Dashboards benchmark, {args.scale} scale ({pages['units']} units in 2023), "
          f"{datetime.now():%Y-%m-%d %H:%M}")  # fmt: skip
    print(f"Machine: {machine()}; Python {platform.python_version()}; "
          f"gunicorn {args.workers} sync workers; {args.seconds:.0f} s per page; sessions "
          f"{'read from Redis' if args.redis else 'in the database (the default)'}")  # fmt: skip
    for clients, rows in passes.items():
        report(clients, rows)
    print("Year dashboard 2023, first request after a 2023 score changed: "
          + ", ".join(f"{ms:.0f} ms" for ms in cold))  # fmt: skip
    print("Year dashboard 2024, first request after a 2024 score changed: "
          + ", ".join(f"{ms:.0f} ms" for ms in cold_current))  # fmt: skip
    if busy:
        print(f"Busy round ({saves} saves by {args.writers} writers):")
        report(args.latency_clients, busy)
    for name, status, seconds, size, top, _rss in exports:
        print(f"| {name} | {status} | {seconds:.2f} s | {size / 1e6:.2f} MB | {top:.0f} MB |")
    print(f"Load average (1 min) before the runs: {load_before}, after: {load_average()}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "scale": args.scale,
                    "units": pages["units"],
                    "cold_ms": cold,
                    "passes": {
                        clients: [
                            {"page": r.name, "requests": r.requests, "rps": round(r.rps, 1),
                             "trivial_rps": round(t.rps, 1),
                             "p50_ms": round(r.percentile(0.5), 1),
                             "p95_ms": round(r.percentile(0.95), 1), "errors": r.errors}
                            for r, t in rows
                        ]
                        for clients, rows in passes.items()
                    },
                },
                indent=2,
            )
        )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
