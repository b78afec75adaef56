"""The sender against a real HTTP push service: every message decrypts with the device's own
key, carries a valid VAPID signature, TTL and Urgency, and retries or gives up as it should."""

from __future__ import annotations

import asyncio
import json

import pytest
from py_vapid import Vapid02

from portal_app.services.medication.push import Device, PushSender, encrypt_for, endpoint_allowed
from tests.push_service import FakePushService, verify_vapid
from tests.run_async import run_async


@pytest.fixture(scope="module")
def service():
    with FakePushService(delay=0.5) as running:
        yield running


@pytest.fixture
def vapid() -> Vapid02:
    keys = Vapid02()
    keys.generate_keys()
    return keys


def send_all(vapid, sends, **options):
    async def run():
        sender = PushSender(vapid, "mailto:ops@clinic.example", first_wait=0.05, **options)
        try:
            return await asyncio.gather(
                *(sender.send(d.endpoint, body, urgency="high", topic="dose") for d, body in sends)
            )
        finally:
            await sender.close()

    return run_async(run())


def as_device(test_device) -> Device:
    return Device(test_device.endpoint, test_device.p256dh, test_device.auth)


def test_a_message_decrypts_on_its_device_and_is_signed(service, vapid):
    device = service.device("ok")
    message = {"title": "Steady", "body": "You have a reminder."}
    body = encrypt_for(as_device(device), json.dumps(message).encode())
    ((attempt,),) = send_all(vapid, [(device, body)])
    assert (attempt.outcome, attempt.status_code) == ("sent", 201)
    (received,) = service.for_device(device)
    assert device.decrypt(received.body) == message
    assert received.headers["content-encoding"] == "aes128gcm"
    assert int(received.headers["ttl"]) > 0 and received.headers["urgency"] == "high"
    claims = verify_vapid(received.headers["authorization"], service.origin)
    assert claims["sub"] == "mailto:ops@clinic.example"
    # Another device's key cannot read it.
    with pytest.raises(Exception):
        service.device("ok").decrypt(received.body)


def test_gone_and_missing_devices_are_reported_once_without_retrying(service, vapid):
    gone, missing = service.device("gone"), service.device("missing")
    results = send_all(vapid, [(d, encrypt_for(as_device(d), b"{}")) for d in (gone, missing)])
    assert [[(a.outcome, a.status_code) for a in r] for r in results] == [
        [("gone", 410)],
        [("gone", 404)],
    ]


def test_busy_and_failing_services_are_retried_then_given_up(service, vapid):
    busy, flaky, down = service.device("busy"), service.device("flaky"), service.device("down")
    results = send_all(vapid, [(d, encrypt_for(as_device(d), b"{}")) for d in (busy, flaky, down)])
    assert [a.outcome for a in results[0]] == ["retry", "sent"]
    assert results[0][0].status_code == 429
    assert [a.outcome for a in results[1]] == ["retry", "sent"]
    assert [(a.outcome, a.status_code) for a in results[2]] == [
        ("retry", 503),
        ("retry", 503),
        ("error", 503),
    ]
    # Retry-After: 1 was honoured before the second try.
    path = busy.endpoint.removeprefix(service.origin)
    assert service.tries[path] == 2
    assert len(service.for_device(busy)) == 1


def test_slow_services_are_waited_for_side_by_side(service, vapid):
    devices = [service.device("slow") for _ in range(20)]
    results = send_all(vapid, [(d, encrypt_for(as_device(d), b"{}")) for d in devices])
    assert all(r[-1].outcome == "sent" for r in results)
    assert all(len(service.for_device(d)) == 1 for d in devices)
    assert service.most_at_once > 1  # one pooled client, many requests in flight


def test_only_push_services_are_ever_called():
    assert endpoint_allowed("https://fcm.googleapis.com/fcm/send/abc")
    assert endpoint_allowed("https://updates.push.services.mozilla.com/wpush/v2/x")
    assert endpoint_allowed("https://web.push.apple.com/QGk")
    for bad in (
        "http://fcm.googleapis.com/fcm/send/abc",
        "https://evil.example/fcm.googleapis.com",
        "https://fcm.googleapis.com.evil.example/x",
        "https://169.254.169.254/latest/meta-data",
        "http://127.0.0.1:5432/",
        "file:///etc/passwd",
    ):
        assert not endpoint_allowed(bad), bad
    assert endpoint_allowed("http://127.0.0.1:8123/ok/1", ("127.0.0.1",))


def test_the_vapid_check_refuses_a_forged_or_misdirected_signature(service, vapid):
    device = service.device("ok")
    send_all(vapid, [(device, encrypt_for(as_device(device), b"{}"))])
    (received,) = service.for_device(device)
    header = received.headers["authorization"]
    verify_vapid(header, service.origin)
    with pytest.raises(Exception):
        verify_vapid(header, "https://fcm.googleapis.com")  # another push service's audience
    other = Vapid02()
    other.generate_keys()
    forged = header.replace(
        header.split("k=")[1],
        PushSender(other, "mailto:x@y.z").authorization(device.endpoint).split("k=")[1],
    )
    with pytest.raises(Exception):
        verify_vapid(forged, service.origin)  # signed by one key, claiming another
