"""Lighthouse performance of every main page, against a bare Reflex page built in the same run.

Both apps are served the same way (`reflex run --env prod --single-port`, this venv's Reflex
and Node), the portal on a fresh demo clinic. Lighthouse (pinned in bench/lighthouse/, run
with Node from this venv) drives Debian's Chromium with its mobile defaults: simulated slow 4G
and a 4x slower CPU. Signed-in pages get a real session cookie for a demo person in the
browser's cookie jar (Lighthouse keeps cookies and clears caches between runs). Each page is
measured `--runs` times; the medians are printed beside the bare page's, with the goal:
performance >= 0.95, LCP <= 2.0 s, TBT <= 150 ms, and not behind the bare page.

    python bench/lighthouse.py [--runs 3] [--only /sign-in,/] [--compare GIT_REF]

With --compare, the portal as it was at GIT_REF is built and measured in the same run too
(its own demo clinic and port), so a change is shown before and after beside the bare page.

Exits 1 when a page misses the goal. Not a timed test: run it with nothing else busy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
LIGHTHOUSE = HERE / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
REPORTS = ROOT / "test-artifacts" / "lighthouse"  # the last run's reports, to look into
GOAL_SCORE, GOAL_LCP_MS, GOAL_TBT_MS = 0.95, 2000, 150
BARE_CONFIG = """import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin
config = rx.Config(app_name="bare", telemetry_enabled=False, disable_plugins=[SitemapPlugin],
                   show_built_with_reflex=False)
"""
BARE_APP = """import reflex as rx


class Count(rx.State):
    clicks: int = 0

    @rx.event
    def click(self):
        self.clicks += 1


def index():
    return rx.el.main(
        rx.el.h1("Hello"),
        rx.el.button("Press me", on_click=Count.click),
        rx.el.p(Count.clicks),
    )


app = rx.App()
app.add_page(index, route="/", title="Bare")
"""
# (label, who signs in or "", path): the pages the goal names, signed out and signed in.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("sign in", "", "/sign-in"),
    ("reading list", "", "/learn"),
    ("an article", "", "/learn/anxiety-what-it-is"),
    ("crisis help", "", "/crisis"),
    ("patient: Home", "alex@example.org", "/"),
    ("patient: check-in", "alex@example.org", "/check-in"),
    ("patient: messages", "alex@example.org", "/messages"),
    ("patient: medicines", "alex@example.org", "/medicines"),
    ("clinician: panel", "dr.chen@example.org", "/panel"),
    ("clinician: patient page", "dr.chen@example.org", "/patient?id={alex}"),
)


@dataclass
class Result:
    score: float
    lcp_ms: float
    tbt_ms: float
    fcp_ms: float
    cls: float
    script_ms: dict[str, float]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    stop(process)
    raise SystemExit(f"{url} did not start; see {log}")


def serve(project: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """`reflex run --env prod` on one port, as `make run` does; its own process group."""
    command = [str(BIN / "reflex"), "run", "--env", "prod", "--single-port"]
    command += ["--frontend-port", str(port), "--backend-port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(  # our own command, from this venv
            command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    wait_for(f"http://localhost:{port}/", process, log)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def base_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "REFLEX_"))}
    return env | {
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        "REFLEX_USE_NPM": "1",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_WEB_WORKDIR": str(work / "web"),
        "REFLEX_STATES_WORKDIR": str(work / "states"),
    }


def serve_bare(work: Path) -> tuple[subprocess.Popen[bytes], str]:
    project = work / "bare"
    (project / "bare").mkdir(parents=True)
    (project / "rxconfig.py").write_text(BARE_CONFIG)
    (project / "bare" / "__init__.py").write_text("")
    (project / "bare" / "bare.py").write_text(BARE_APP)
    port = free_port()
    return serve(project, base_env(project), port, work / "bare.log"), f"http://localhost:{port}"


def checkout(ref: str, work: Path) -> Path:
    """The project's files as they were at `ref` (git archive: no working tree is touched)."""
    tree = work / "before-tree"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True
    )
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def serve_portal(work: Path, name: str, code: Path = ROOT) -> tuple[subprocess.Popen[bytes], str]:
    """A fresh demo clinic served from `code` (this checkout, or an older one from git)."""
    data = work / name
    port = free_port()
    env = base_env(data) | {
        "PORTAL_DATA_DIR": str(data),
        "PORTAL_ENV": "prod",
        "PORTAL_PUBLIC_ORIGIN": f"http://localhost:{port}",
        "PYTHONPATH": str(code),  # ahead of the editable install of this checkout
    }
    setup = [str(BIN / "python"), "-m", "portal_app.cli", "setup"]  # our own command
    subprocess.run(setup, cwd=code, env=env, check=True, capture_output=True)
    return serve(code, env, port, work / f"{name}.log"), f"http://localhost:{port}"


def use_database_of(origin_env: Path) -> None:
    """Mint sessions in that demo clinic's database (this process reads PORTAL_* once)."""
    from portal_app.db import get_engine
    from portal_app.settings import get_settings

    os.environ["PORTAL_DATA_DIR"] = str(origin_env)
    get_settings.cache_clear()  # type: ignore[attr-defined]
    get_engine.cache_clear()  # type: ignore[attr-defined]


def session_token(email: str) -> str:
    """A real session for a demo person, minted in the demo database."""
    from sqlmodel import select

    from portal_app.db import session_scope
    from portal_app.models import User
    from portal_app.services.identity.sessions import start_session

    with session_scope() as db:
        user = db.exec(select(User).where(User.email == email)).one()
        return start_session(db, user.id, now=datetime.now(UTC))


def alex_patient_id() -> str:
    from portal_app.services.clinic.demo_seed import demo_id

    return str(demo_id("patient", "alex@example.org"))


def start_chromium(work: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [
        CHROMIUM, "--headless=new", f"--remote-debugging-port={port}", "--no-first-run",
        f"--user-data-dir={work / 'chromium'}", "--no-sandbox", "--disable-gpu", "about:blank",
    ]  # fmt: skip
    log = (work / "chromium.log").open("ab")
    process = subprocess.Popen(  # Debian's Chromium
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    wait_for(f"http://127.0.0.1:{port}/json/version", process, work / "chromium.log")
    return process, port


def sign_in_browser(cdp_port: int, origin: str, email: str) -> None:
    """Put the person's session cookie (or none) in the browser, as signing in would, and
    mark the welcome tour seen, as for someone coming back."""
    from playwright.sync_api import sync_playwright

    from portal_app.services.identity.sessions import SESSION_COOKIE

    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{cdp_port}")
        context = browser.contexts[0]
        context.clear_cookies()
        if email:
            cookie = {"name": SESSION_COOKIE, "value": session_token(email), "domain": "localhost",
                      "path": "/", "secure": True, "httpOnly": True, "sameSite": "Lax"}  # fmt: skip
            context.add_cookies([cookie])  # type: ignore[list-item]
        page = context.new_page()
        page.goto(f"{origin}/manifest.webmanifest")
        page.evaluate(
            "() => { localStorage.clear(); localStorage.setItem('steady.tourDone', '1');"
            " localStorage.setItem('steady.prefsChosen', '1'); }"
        )
        page.close()


def lighthouse(cdp_port: int, url: str, out: Path) -> Result:
    command = [
        str(BIN / "node"), str(LIGHTHOUSE / "node_modules" / "lighthouse" / "cli" / "index.js"),
        url, f"--port={cdp_port}", "--only-categories=performance", "--output=json",
        f"--output-path={out}", "--quiet", "--max-wait-for-load=20000",
    ]  # fmt: skip
    for _attempt in range(3):  # Lighthouse now and then fails to record a trace (NO_NAVSTART)
        if subprocess.run(command, check=False).returncode == 0:  # the pinned Lighthouse
            break
        print(f"Lighthouse failed on {url}; trying again", file=sys.stderr)
    else:
        raise SystemExit(f"Lighthouse failed three times on {url}")
    report = json.loads(out.read_text("utf-8"))
    audits = report["audits"]
    scripts = {
        Path(item["url"].split("?")[0]).name or item["url"]: float(item["scripting"])
        for item in audits["bootup-time"]["details"]["items"]
        if item["scripting"] >= 50
    }
    return Result(
        score=float(report["categories"]["performance"]["score"]),
        lcp_ms=float(audits["largest-contentful-paint"]["numericValue"]),
        tbt_ms=float(audits["total-blocking-time"]["numericValue"]),
        fcp_ms=float(audits["first-contentful-paint"]["numericValue"]),
        cls=float(audits["cumulative-layout-shift"]["numericValue"]),
        script_ms=scripts,
    )


def precache_report(static_dir: Path) -> str:
    """What a new install downloads for offline use, and how long that takes on slow 4G
    (worked out at Lighthouse's 1.6 Mbit/s and 150 ms, six connections at a time): until
    the service worker is active, a reminder cannot be shown as a push."""
    import gzip
    import re

    source = (static_dir / "sw.js").read_text("utf-8")
    found = re.search(r"self\.STEADY_PRECACHE = (\{.*?\});", source)
    if found is None:
        return "precache: sw.js has no precache list"
    urls = json.loads(found.group(1))["urls"]
    raw = packed = articles = 0
    for url in urls:
        path = static_dir / url.lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        data = path.read_bytes()
        raw += len(data)
        size = len(gzip.compress(data, 6))
        packed += size
        articles += size if url.startswith("/learn/") and url != "/learn/" else 0
    seconds = packed * 8 / 1_638_400 + -(-len(urls) // 6) * 0.150
    return (
        f"offline precache: {len(urls)} files, {raw / 1024:,.0f} KB ({packed / 1024:,.0f} KB "
        f"compressed; the articles {articles / 1024:,.0f} KB of it); a new install can show a "
        f"push after about {seconds:.1f} s on slow 4G (worked out: bytes and round trips)"
    )


def median(results: list[Result]) -> Result:
    names = {name for r in results for name in r.script_ms}
    return Result(
        score=statistics.median(r.score for r in results),
        lcp_ms=statistics.median(r.lcp_ms for r in results),
        tbt_ms=statistics.median(r.tbt_ms for r in results),
        fcp_ms=statistics.median(r.fcp_ms for r in results),
        cls=statistics.median(r.cls for r in results),
        script_ms={
            n: statistics.median(r.script_ms.get(n, 0.0) for r in results) for n in sorted(names)
        },
    )


def measure(cdp_port: int, origin: str, email: str, path: str, runs: int, tag: str) -> Result:
    REPORTS.mkdir(parents=True, exist_ok=True)
    results = []
    for run in range(runs):
        sign_in_browser(cdp_port, origin, email)
        page = path.split("?")[0].strip("/").replace("/", "-") or "home"
        who = email.split("@")[0] or "signed-out"
        out = REPORTS / f"{tag}-{who}-{page}-{run}.json"
        results.append(lighthouse(cdp_port, origin + path, out))
    return median(results)


def row(label: str, r: Result, bare: Result | None) -> str:
    ratio = f"{r.score / bare.score:4.2f}x" if bare else "  -  "
    top = ", ".join(f"{n} {ms / 1000:.2f} s" for n, ms in sorted(r.script_ms.items(),
                    key=lambda item: -item[1])[:3])  # fmt: skip
    return (
        f"{label:<34} {r.score:5.2f} {ratio:>6} {r.lcp_ms / 1000:6.2f} s {r.fcp_ms / 1000:6.2f} s "
        f"{r.tbt_ms:7.0f} ms {r.cls:5.2f}   {top}"
    )


def met(r: Result, bare: Result) -> bool:
    return (
        r.score >= GOAL_SCORE
        and r.lcp_ms <= GOAL_LCP_MS
        and r.tbt_ms <= GOAL_TBT_MS
        and r.score >= bare.score
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated paths to measure")
    parser.add_argument("--compare", default="", help="also measure the portal at this git ref")
    parser.add_argument("--keep", action="store_true", help="keep the builds (printed folder)")
    args = parser.parse_args()
    if not (LIGHTHOUSE / "node_modules" / "lighthouse").is_dir():
        npm = [str(BIN / "npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run(npm, cwd=LIGHTHOUSE, check=True)  # the pinned lock file
    only = {p for p in args.only.split(",") if p}
    work = Path(tempfile.mkdtemp(prefix="steady-bench-lighthouse-"))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        bare_server, bare_origin = serve_bare(work)
        servers.append(bare_server)
        portals = [("now", ROOT)]
        if args.compare:
            portals.insert(0, (f"at {args.compare}", checkout(args.compare, work)))
        origins = []
        for number, (_, code) in enumerate(portals):
            server, origin = serve_portal(work, f"portal{number}", code)
            servers.append(server)
            origins.append(origin)
        chromium, cdp_port = start_chromium(work)
        servers.append(chromium)
        bare = measure(cdp_port, bare_origin, "", "/", args.runs, "bare")
        print(f"Lighthouse 13, mobile (slow 4G, 4x CPU), median of {args.runs} runs each")
        heading = f"{'page':<34} {'perf':>5} {'/bare':>6} {'LCP':>8} {'FCP':>8} {'TBT':>10}"
        print(f"{heading} {'CLS':>5}   main-thread script")
        print(row("bare Reflex page", bare, None))
        missed = []
        alex = alex_patient_id()
        for label, email, path in PAGES:
            if only and path.split("?")[0] not in only:
                continue
            for number, (version, _) in enumerate(portals):
                use_database_of(work / f"portal{number}")
                result = measure(
                    cdp_port, origins[number], email, path.format(alex=alex), args.runs,
                    "before" if version != "now" else "now",
                )  # fmt: skip
                name = f"{label} ({version})" if args.compare else label
                verdict = "" if met(result, bare) else "  <- MISSED"
                print(row(name, result, bare), verdict, flush=True)
                if version == "now" and not met(result, bare):
                    missed.append(label)
        goal = f"perf >= {GOAL_SCORE}, LCP <= {GOAL_LCP_MS / 1000} s, TBT <= {GOAL_TBT_MS} ms"
        for number, (version, _) in enumerate(portals):
            static = work / f"portal{number}" / "web" / "build" / "client"
            print(f"{version}: {precache_report(static)}")
        verdict = "met on every page" if not missed else "MISSED on " + ", ".join(missed)
        print(f"goal ({goal}, not behind the bare page): {verdict}")
        return 1 if missed else 0
    finally:
        for process in reversed(servers):
            stop(process)
        if args.keep:
            print(f"builds kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
