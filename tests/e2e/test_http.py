"""The production server over real HTTP and a real websocket: headers, caching, limits."""

from __future__ import annotations

import re
import struct
import threading

import httpx
import pytest
import socketio
import websocket

from tests.stack import SCALEOUT


def test_pages_and_static_files_carry_security_and_cache_headers(live_server) -> None:
    home = httpx.get(live_server.url("/"))
    assert "frame-ancestors 'self'" in home.headers["content-security-policy"]
    assert home.headers["x-content-type-options"] == "nosniff"
    assert home.headers["cache-control"] == "no-cache"
    script = re.search(r'"(/assets/[^"]+\.js)"', home.text)  # in the start-up script
    assert script, "the page names no hashed script"
    asset = httpx.get(live_server.url(script.group(1)))
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    worker = httpx.get(live_server.url("/sw.js"))
    assert worker.headers["cache-control"] == "no-cache"
    assert '"urls": ["/' in worker.text  # the build wrote the precache list


def test_health_over_http(live_server) -> None:
    body = httpx.get(live_server.url("/api/health")).json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert ("redis" in body) == SCALEOUT


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_makes_the_app_installable(live_server) -> None:
    manifest = httpx.get(live_server.url("/manifest.webmanifest")).json()
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    # The clinic's own app (served per hostname: tests/e2e/test_two_clinics.py).
    assert (manifest["name"], manifest["short_name"]) == (
        "Riverside Behavioral Health",
        "Riverside",
    )
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        width, height = png_size(httpx.get(live_server.url(icon["src"])).content)
        assert f"{width}x{height}" == icon["sizes"]


def connect(live_server) -> tuple[socketio.Client, threading.Event]:
    client = socketio.Client(reconnection=False)
    dropped = threading.Event()
    client.on("disconnect", lambda *args: dropped.set(), namespace="/_event")
    client.connect(
        live_server.origin + "/_event?token=limit-test",
        socketio_path="/_event",
        namespaces=["/_event"],
        transports=["websocket"],  # sends Origin: the portal's own origin
    )
    return client, dropped


def test_websocket_refuses_oversized_messages(live_server) -> None:
    small, small_dropped = connect(live_server)
    small.emit("ping-test", "x" * 1000, namespace="/_event")
    assert not small_dropped.wait(2), "a small message must not close the connection"
    small.disconnect()

    big, big_dropped = connect(live_server)
    big.emit("ping-test", "x" * 100_000, namespace="/_event")
    assert big_dropped.wait(10), "a 100 KB message must close the connection"


def handshake(live_server, origin: str) -> int:
    url = live_server.origin.replace("http", "ws") + "/_event/?EIO=4&transport=websocket"
    try:
        websocket.create_connection(url, origin=origin, timeout=5).close()
    except websocket.WebSocketBadStatusException as refused:
        return int(refused.status_code)
    return 101


def test_websocket_accepts_only_the_portal_origin(live_server) -> None:
    assert handshake(live_server, live_server.origin) == 101
    assert handshake(live_server, "https://evil.example") == 403


@pytest.mark.parametrize("path", ["/check-in", "/sign-in", "/learn"])
def test_redirects_never_send_people_to_the_host_a_request_named(live_server, path) -> None:
    """A forged Host header must not turn our own redirects into links to another site."""
    answer = httpx.get(live_server.url(path), headers={"Host": "evil.example"})
    location = answer.headers.get("location", "")
    assert "evil.example" not in location
    if answer.is_redirect:
        assert location.startswith(live_server.origin + "/")


@pytest.mark.parametrize("path", ["/sign-in", "/learn", "/crisis"])
def test_a_page_address_without_its_slash_is_answered_at_once(live_server, path) -> None:
    """No redirect to /sign-in/ first: on a slow phone network a redirect costs a whole round
    trip before anything shows. The page and its script policy are those of /sign-in/."""
    answer = httpx.get(live_server.url(path))
    with_slash = httpx.get(live_server.url(path + "/"))
    assert answer.status_code == 200, answer.headers.get("location")
    assert answer.text == with_slash.text
    policy = answer.headers["content-security-policy"]
    assert policy == with_slash.headers["content-security-policy"] and "'sha256-" in policy


def first_load_scripts(live_server, path: str) -> str:
    """All the JavaScript a page's HTML loads at once (what its start-up script fetches)."""
    html = httpx.get(live_server.url(path)).text
    urls = set(re.findall(r'"(/assets/[^"]+\.js)"', html))
    assert urls, "the page names no scripts"
    return "".join(httpx.get(live_server.url(url)).text for url in sorted(urls))


def test_a_page_loads_its_own_code_not_every_other_pages(live_server) -> None:
    """Sign-in must not make a patient's phone download the clinician panel (found: every
    page's generated components were in one module that every page loaded, 480 KB)."""
    # Handlers the panel's and questionnaires' components call (every page knows every state's
    # name and starting values, but only its own components name handlers).
    panel, questionnaire = "care_panel_state.show_only", "questionnaire_state.choose"
    sign_in = first_load_scripts(live_server, "/sign-in/")
    assert panel not in sign_in and questionnaire not in sign_in
    assert panel in first_load_scripts(live_server, "/panel/")
