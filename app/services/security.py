"""PINs kept only as salted, deliberately slow scrypt hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt cost: about 20 ms per check on a station PC, too slow to guess 4-digit PINs
# offline in bulk from a stolen database while still instant for a supervisor.
_N, _R, _P = 2**14, 8, 1
_PREFIX = "scrypt"


def hash_pin(pin: str) -> str:
    if not pin:
        raise ValueError("a PIN cannot be empty")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join((_PREFIX, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)))


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored or not pin:
        return False
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if prefix != _PREFIX:
        return False
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(
        pin.encode(),
        salt=base64.b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
    )
    return hmac.compare_digest(actual, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
