"""Backups are sealed with a key the operator keeps, away from the machine they protect.

AES-256-GCM from the `cryptography` library, over 1 MiB chunks, so a backup of any size is
sealed and opened without holding it in memory. Each chunk has a fresh random nonce; its
number and whether it is the last are bound into its tag, so a chunk that is changed, moved,
dropped, repeated or cut off is refused like any changed byte. The header names which key
sealed the file (a short hash of it), so "another key" is told apart from "damaged".
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"STEADY-BACKUP\x00"
VERSION = 1
CHUNK = 1 << 20
NONCE = 12
KEY_ID = 8
HEADER = len(MAGIC) + 1 + KEY_ID


class BackupProblem(Exception):
    """What went wrong, said so the operator knows what to do (never a stack trace)."""


def new_key() -> str:
    """A new backup key, as the text kept in the key file."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def write_new_key(path: Path) -> None:
    """Only the portal's user may read it; an existing key is never replaced (backups made
    with it could not be opened any more)."""
    if path.exists():
        raise BackupProblem(f"{path} already exists; keep using it, or choose another file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
        out.write(new_key() + "\n")


def read_key(path: Path | None) -> bytes:
    if path is None:
        raise BackupProblem(
            "No backup key. Make one with `portal backup new-key FILE`, keep a copy away "
            "from this machine, and set PORTAL_BACKUP_KEY_FILE to FILE."
        )
    try:
        key = base64.urlsafe_b64decode(path.read_text().strip())
    except FileNotFoundError:
        raise BackupProblem(f"The backup key file {path} does not exist.") from None
    except ValueError:
        key = b""
    if len(key) != 32:
        raise BackupProblem(f"{path} is not a backup key made by `portal backup new-key`.")
    return key


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"steady backup key id\x00" + key).digest()[:KEY_ID]


def _bound(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", index, last)


class SealedWriter:
    """A write-only file: what is written is sealed chunk by chunk into `out`."""

    def __init__(self, out: BinaryIO, key: bytes) -> None:
        self._out, self._aead = out, AESGCM(key)
        self._header = MAGIC + bytes([VERSION]) + key_id(key)
        self._buffer = bytearray()
        self._index = 0
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back for the last chunk
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        """Seal what is left as the last chunk (possibly empty): without it, a reader knows
        the file was cut off."""
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = os.urandom(NONCE)
        sealed = self._aead.encrypt(nonce, plain, _bound(self._header, self._index, last))
        self._out.write(nonce + struct.pack(">I", len(sealed)) + sealed)
        self._index += 1


def _exactly(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupProblem("The backup file is cut off: it ends too early. Use another copy.")
    return data


def opened(source: BinaryIO, key: bytes) -> Iterator[bytes]:
    """The plain bytes, chunk by chunk; refuses another key, a damaged or cut-off file."""
    header = source.read(HEADER)
    if len(header) < HEADER or not header.startswith(MAGIC):
        raise BackupProblem("This is not a Steady backup file.")
    if header[len(MAGIC)] != VERSION:
        raise BackupProblem("This backup was made by a newer Steady; upgrade this one first.")
    if header[-KEY_ID:] != key_id(key):
        raise BackupProblem(
            "This backup was sealed with another key. Use the key it was made with."
        )
    aead, index = AESGCM(key), 0
    while True:
        nonce = _exactly(source, NONCE)
        (size,) = struct.unpack(">I", _exactly(source, 4))
        if size > CHUNK + 16:
            raise BackupProblem("The backup file is damaged. Use another copy.")
        sealed = _exactly(source, size)
        for last in (False, True):
            try:
                plain = aead.decrypt(nonce, sealed, _bound(header, index, last))
            except InvalidTag:
                continue
            break
        else:
            raise BackupProblem("The backup file is damaged. Use another copy.")
        index += 1
        yield plain
        if last:
            if source.read(1):
                raise BackupProblem(
                    "The backup file has extra bytes after its end. Use another copy."
                )
            return


class SealedReader:
    """A read-only file over `opened`, for tarfile's streaming mode."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        self._chunks = opened(source, key)
        self._buffer = b""
        self._at = 0  # how much of the buffer was read already (no copying per small read)

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size if size >= 0 else float("inf")
        while wanted > 0:
            if self._at == len(self._buffer):
                try:
                    self._buffer, self._at = next(self._chunks), 0
                except StopIteration:
                    break
                continue
            take = int(min(wanted, len(self._buffer) - self._at))
            parts.append(self._buffer[self._at : self._at + take])
            self._at += take
            wanted -= take
        return b"".join(parts)
