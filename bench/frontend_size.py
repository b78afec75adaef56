"""First-load JavaScript of the sign-in page, against a bare Reflex page built in the same run.

Both apps are exported with the same Reflex, Node and settings; "first load" is every
module script and modulepreload the page's HTML names, gzip -9 compressed. Prints the
figures and the ratio; exits 1 when the ratio is over the budget (default 1.5).

    python bench/frontend_size.py [--budget 1.5]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_CONFIG = """import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin
config = rx.Config(app_name="bare", telemetry_enabled=False, disable_plugins=[SitemapPlugin])
"""
BARE_APP = """import reflex as rx
app = rx.App()
app.add_page(lambda: rx.el.main(rx.el.h1("Sign in")), route="/")
"""
# Scripts and module preloads, and (in the portal) the start-up script's list, which fetches
# the same modules right after the first paint (build_plugins.boot_after_first_paint).
SCRIPT_URLS = re.compile(r'"(/assets/[^"]+\.js)"')


def export(project: Path, work: Path, extra_env: dict[str, str]) -> Path:
    """`reflex export` the project into `work`; returns the static output folder."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "REFLEX_USE_NPM": "1",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_WEB_WORKDIR": str(work / "web"),
        "REFLEX_STATES_WORKDIR": str(work / "states"),
        **extra_env,
    }
    command = [str(Path(sys.executable).parent / "reflex"), "export", "--frontend-only", "--no-zip"]
    subprocess.run(command, cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
    return work / "web" / "build" / "client"


def page_html(static_dir: Path, route: str) -> str:
    name = route.strip("/")
    path = static_dir / "index.html" if not name else static_dir / name / "index.html"
    return path.read_text("utf-8")


def first_load_js(static_dir: Path, route: str) -> dict[str, int]:
    """gzip -9 bytes of each script the page loads at once."""
    urls = sorted(set(SCRIPT_URLS.findall(page_html(static_dir, route))))
    return {url: len(gzip.compress((static_dir / url.lstrip("/")).read_bytes(), 9)) for url in urls}


def build_bare(work: Path) -> Path:
    project = work / "bare-project"
    (project / "bare").mkdir(parents=True)
    (project / "rxconfig.py").write_text(BARE_CONFIG)
    (project / "bare" / "__init__.py").write_text("")
    (project / "bare" / "bare.py").write_text(BARE_APP)
    shutil.copytree(ROOT / "reflex.lock", project / "reflex.lock")
    return export(project, work / "bare", {})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=1.5, help="largest allowed ratio")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="steady-bench-") as tmp:
        work = Path(tmp)
        portal_env = {"PORTAL_DATA_DIR": str(work / "data"), "PORTAL_SECRET_KEY": "x" * 48}
        portal = first_load_js(export(ROOT, work / "portal", portal_env), "/sign-in")
        bare = first_load_js(build_bare(work), "/")
    portal_total, bare_total = sum(portal.values()), sum(bare.values())
    ratio = portal_total / bare_total
    print("First-load JavaScript, gzip -9")
    print(f"  Steady sign-in page : {portal_total / 1024:8.1f} KB in {len(portal)} files")
    print(f"  bare Reflex page    : {bare_total / 1024:8.1f} KB in {len(bare)} files (baseline)")
    print(f"  ratio               : {ratio:8.2f} (budget {args.budget:.2f})")
    print("  largest files of the sign-in page:")
    for url, size in sorted(portal.items(), key=lambda item: -item[1])[:6]:
        print(f"    {size / 1024:7.1f} KB  {url}")
    if ratio > args.budget:
        print("OVER BUDGET")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
