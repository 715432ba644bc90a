"""Signed, expiring tokens for guest calls, and a per-address rate limit. No HA imports.

A token is ``payload.signature``: base64url JSON naming its kind (a link or a signaling
session), its expiry (Unix seconds) and what it is for, then an HMAC-SHA256 of that with
the household's secret. Signing lets a forged or altered token be refused without a
database look-up; single use is the database's job (a link row is marked used).
"""

import base64
import binascii
from dataclasses import dataclass, field
import hashlib
import hmac
import json
from typing import Any

LINK = "link"
SESSION = "session"


class TokenError(Exception):
    """A token that cannot be used; ``reason`` is ``invalid`` or ``expired``."""

    def __init__(self, reason: str) -> None:
        """Keep why, for the page the guest sees."""
        super().__init__(reason)
        self.reason = reason


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _bytes(text: str) -> bytes:
    """Any str as bytes: a token from a URL or a socket may hold any character."""
    return text.encode("utf-8", "surrogatepass")


def _mac(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, _bytes(body), hashlib.sha256).digest())


def sign(secret: bytes, kind: str, expires_at: float, **claims: Any) -> str:
    """Make a token of ``kind`` carrying ``claims``, valid until ``expires_at``."""
    body = _b64(
        json.dumps(
            {"k": kind, "e": int(expires_at), **claims}, separators=(",", ":")
        ).encode()
    )
    return f"{body}.{_mac(secret, body)}"


def verify(secret: bytes, kind: str, token: str, now: float) -> dict[str, Any]:
    """Return the claims of a genuine, unexpired token of ``kind``; TokenError otherwise."""
    body, _, mac = token.partition(".")
    # Bytes: compare_digest refuses str with non-ASCII characters (it raised, a 500).
    if not hmac.compare_digest(_bytes(mac), _bytes(_mac(secret, body))):
        raise TokenError("invalid")
    try:
        claims: dict[str, Any] = json.loads(_unb64(body))
    except (binascii.Error, ValueError) as err:
        raise TokenError("invalid") from err
    # A link token is no session token, and the other way round.
    if claims.pop("k", None) != kind:
        raise TokenError("invalid")
    if now >= claims.pop("e"):
        raise TokenError("expired")
    return claims


@dataclass(slots=True)
class RateLimit:
    """A token bucket per client address: ``burst`` requests, refilled at ``per_minute``."""

    burst: int
    per_minute: float
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, key: str, now: float) -> bool:
        """Take one request from ``key``'s bucket; False when it is empty."""
        tokens, since = self._buckets.get(key, (float(self.burst), now))
        tokens = min(self.burst, tokens + (now - since) * self.per_minute / 60)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        if len(self._buckets) > 10_000:  # noqa: PLR2004 - bound the memory an attack can take
            refill = self.burst * 60 / self.per_minute
            self._buckets = {
                k: v for k, v in self._buckets.items() if now - v[1] < refill
            }
        return True
