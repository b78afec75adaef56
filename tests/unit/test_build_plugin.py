"""The build plugin writes a precache list the service worker can use offline."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from portal_app.build_plugins import PRECACHE_PLACEHOLDER, PwaPlugin

SW_SOURCE = (Path(__file__).resolve().parents[2] / "assets" / "sw.js").read_text()


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    """A small copy of what `npm run export` leaves behind."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "root-AbC123.js").write_text("console.log(1)")
    (tmp_path / "assets" / "root-AbC123.js.gz").write_bytes(b"gz")
    (tmp_path / "assets" / "style-Xy9.css").write_text("body{}")
    (tmp_path / "index.html").write_text("<html>home</html>")
    (tmp_path / "help").mkdir()
    (tmp_path / "help" / "index.html").write_text("<html>help</html>")
    (tmp_path / "404").mkdir()
    (tmp_path / "404" / "index.html").write_text("<html>404</html>")
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "icon-192.png").write_bytes(b"png")
    (tmp_path / "sw.js").write_text(SW_SOURCE)
    return tmp_path


def manifest(static_dir: Path) -> dict:
    source = (static_dir / "sw.js").read_text()
    match = re.search(r"self\.STEADY_PRECACHE = (\{.*\});", source)
    assert match, "precache line missing"
    return json.loads(match.group(1))


def test_precache_lists_pages_shell_and_hashed_assets(static_dir: Path) -> None:
    PwaPlugin().post_build(static_dir=static_dir)
    urls = manifest(static_dir)["urls"]
    assert {"/", "/help/", "/offline.html", "/steady.js", "/steady.css"} <= set(urls)
    assert {"/assets/root-AbC123.js", "/assets/style-Xy9.css", "/icons/icon-192.png"} <= set(urls)
    assert not [u for u in urls if u.endswith(".gz") or u.startswith("/404")]


def test_offline_page_and_compressed_twins_are_written(static_dir: Path) -> None:
    PwaPlugin().post_build(static_dir=static_dir)
    assert "tel:988" in (static_dir / "offline.html").read_text()
    for name in ("sw.js", "offline.html"):
        plain = (static_dir / name).read_bytes()
        assert gzip.decompress((static_dir / f"{name}.gz").read_bytes()) == plain


def test_version_changes_when_a_file_changes(static_dir: Path, tmp_path_factory) -> None:
    PwaPlugin().post_build(static_dir=static_dir)
    first = manifest(static_dir)["version"]
    (static_dir / "sw.js").write_text(SW_SOURCE)
    (static_dir / "assets" / "root-AbC123.js").write_text("console.log(2)")
    PwaPlugin().post_build(static_dir=static_dir)
    assert manifest(static_dir)["version"] != first


def test_a_worker_without_the_placeholder_fails_the_build(static_dir: Path) -> None:
    (static_dir / "sw.js").write_text(SW_SOURCE.replace(PRECACHE_PLACEHOLDER, ""))
    with pytest.raises(RuntimeError):
        PwaPlugin().post_build(static_dir=static_dir)


def test_each_page_is_allowed_exactly_its_own_inline_scripts(static_dir: Path) -> None:
    (static_dir / "index.html").write_text("<script>home()</script><script src='/x.js'></script>")
    (static_dir / "help" / "index.html").write_text("<script>help()</script>")
    (static_dir / "help.html").write_text("<p>plain</p>")  # like our offline pages: none
    PwaPlugin().post_build(static_dir=static_dir)
    table = json.loads((static_dir.parent / "csp-hashes.json").read_text())
    assert table["/"] == ["'sha256-yxdkh16iERnDsCx9b0YdmMvVm+FFPx8nmxo7cNL1h+U='"]  # home()
    assert len(table["/help/"]) == 1 and table["/help/"] != table["/"]
    assert table["/help.html"] == []


def test_a_page_shows_before_its_scripts_are_fetched_then_starts_as_before(static_dir) -> None:
    """The prerendered words can show before any script runs, so nothing is fetched ahead of
    them; right after the first paint every module is fetched at once and React Router
    starts with the same modules in the same order (the served .gz twin says the same)."""
    page = (
        '<html><head><link rel="modulepreload" href="/assets/manifest-M.js"/>'
        '<link rel="modulepreload" href="/assets/entry.client-A.js"/></head><body>help'
        '<script type="module" async="">import "/assets/manifest-M.js";\n'
        'import * as route0 from "/assets/root-B.js";\n'
        'import * as route1 from "/assets/help-C.js";\n'
        '  window.__reactRouterRouteModules = {"root":route0,"routes/help":route1};\n\n'
        'import("/assets/entry.client-A.js");</script></body></html>'
    )
    (static_dir / "help" / "index.html").write_text(page)
    PwaPlugin().post_build(static_dir=static_dir)
    for html in (
        (static_dir / "help" / "index.html").read_text(),
        gzip.decompress((static_dir / "help" / "index.html.gz").read_bytes()).decode(),
    ):
        assert "<link" not in html  # nothing fetched before the first paint
        boot = html[html.index("<script") :]
        steps = [
            "requestAnimationFrame",
            '["/assets/manifest-M.js", "/assets/entry.client-A.js"].forEach',
            'await import("/assets/manifest-M.js")',
            'const [route0, route1] = await Promise.all([import("/assets/root-B.js"), '
            'import("/assets/help-C.js")])',
            'window.__reactRouterRouteModules = {"root":route0,"routes/help":route1}',
            'import("/assets/entry.client-A.js")',
        ]
        places = [boot.index(step) for step in steps]
        assert places == sorted(places)
    table = json.loads((static_dir.parent / "csp-hashes.json").read_text())
    assert len(table["/help/"]) == 1  # the changed script is the one the policy allows
