"""A real HTTP push service for tests, in-process: it answers like FCM or Mozilla's would
(201, 404, 410, 429 with Retry-After, 5xx, slow), and keeps what it received so a test can
decrypt each message with the device's private key and check its VAPID signature."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import http_ece
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jwt
from joserfc.jwk import ECKey
from joserfc.jwt import JWTClaimsRegistry
from py_vapid import Vapid02
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class PushDevice:
    """A browser's push subscription: its keys never leave the 'device' (this object)."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def subscription(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


def verify_vapid(authorization: str, endpoint_origin: str) -> dict[str, Any]:
    """Check the VAPID header (RFC 8292): ES256 signature by key k, our audience, expiry."""
    scheme, _, rest = authorization.partition(" ")
    assert scheme == "vapid", authorization
    parts = dict(item.strip().split("=", 1) for item in rest.split(","))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    token = jwt.decode(parts["t"], ECKey.import_key(pem), algorithms=["ES256"])
    assert token.header["alg"] == "ES256"
    claims = token.claims
    JWTClaimsRegistry(aud={"essential": True, "value": endpoint_origin}).validate(claims)
    assert 0 < claims["exp"] - time.time() <= 24 * 3600
    assert str(claims["sub"]).startswith(("mailto:", "https://"))
    return dict(claims)


class FakePushService:
    """Paths choose the behaviour: /ok/*, /gone/*, /missing/*, /busy/* (429 once, then 201),
    /flaky/* (503 once, then 201), /down/* (always 503), /slow/* (waits `delay` first)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.received: list[Received] = []
        self.tries: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.in_flight = self.most_at_once = 0
        self.port = _free_port()
        app = Starlette(routes=[Route("/{kind}/{name}", self._receive, methods=["POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def device(self, kind: str = "ok") -> PushDevice:
        return PushDevice(f"{self.origin}/{kind}/{os.urandom(6).hex()}")

    async def _receive(self, request: Request) -> Response:
        kind, path = request.path_params["kind"], request.url.path
        body = await request.body()
        with self.lock:
            self.tries[path] += 1
            tries = self.tries[path]
            self.in_flight += 1
            self.most_at_once = max(self.most_at_once, self.in_flight)
        try:
            return await self._answer(kind, path, body, request, tries)
        finally:
            with self.lock:
                self.in_flight -= 1

    async def _answer(
        self, kind: str, path: str, body: bytes, request: Request, tries: int
    ) -> Response:
        if kind == "slow":
            await asyncio.sleep(self.delay)
        if kind == "gone":
            return Response(status_code=410)
        if kind == "missing":
            return Response(status_code=404)
        if kind == "busy" and tries == 1:
            return Response(status_code=429, headers={"Retry-After": "1"})
        if (kind == "flaky" and tries == 1) or kind == "down":
            return Response(status_code=503)
        with self.lock:
            self.received.append(Received(path, dict(request.headers), body, time.time()))
        return Response(status_code=201)

    def for_device(self, device: PushDevice) -> list[Received]:
        path = device.endpoint.removeprefix(self.origin)
        with self.lock:
            return [r for r in self.received if r.path == path]

    def __enter__(self) -> FakePushService:
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started and time.time() < deadline:
            time.sleep(0.02)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_vapid_keys() -> Vapid02:
    """A fresh VAPID key pair, as a deployment makes once."""
    keys = Vapid02()
    keys.generate_keys()
    return keys
