"""Receipt codes: 128 random bits as 26 Crockford base-32 characters, shown in groups of 4."""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 26
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalize(text: object) -> str:
    """The receipt's canonical form; raises ValueError when it is not a receipt code."""
    if not isinstance(text, str):
        raise ValueError("receipt must be a string")
    code = text.upper().replace("-", "").replace(" ", "").translate(_READ_AS)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        raise ValueError("receipt must be 26 Crockford base-32 characters")
    return code


def fingerprint(code: str) -> str:
    """The key under which a sheet is stored: SHA-256 of the normalized receipt."""
    return hashlib.sha256(normalize(code).encode()).hexdigest()


def display(code: str) -> str:
    code = normalize(code)
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))


def new_receipt() -> str:
    """What a phone does in JavaScript; used here by tests and the desk."""
    value = secrets.randbits(128)
    chars = [ALPHABET[(value >> (5 * i)) & 31] for i in range(LENGTH)]
    return display("".join(reversed(chars)))
