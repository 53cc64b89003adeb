"""Revocation by W3C Bitstring Status List v1.0: each credential names its bit in its school's list, and the
school publishes the list as a signed BitstringStatusListCredential a verifier reads.

- The bit of a credential is its row id (unique, known before signing, never reused), in the list of the
  school of its learner; a bit set means revoked (statusPurpose "revocation").
- encodedList: "u" (multibase base64url, no padding) + base64url of the GZIP-compressed bitstring; bit 0
  is the most significant bit of the first byte; at least 16 KB (131,072 entries), longer in steps of 16 KB.
Pure: numbers and documents in and out; signing and serving are service.py's and views.py's.
"""
import base64
import gzip
from collections.abc import Iterable

BLOCK_BITS = 16 * 1024 * 8  # the spec's minimum list length, and the step it grows by
PURPOSE = "revocation"


def list_url(base_url: str, school_id: int) -> str:
    return f"{base_url.rstrip('/')}/credentials/status/{school_id}"


def status_entry(base_url: str, school_id: int, index: int) -> dict:
    """A credential's credentialStatus: where its bit is."""
    url = list_url(base_url, school_id)
    return {"id": f"{url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(index), "statusListCredential": url}


def encode(set_bits: Iterable[int], *, at_least: int = 0) -> str:
    """The encodedList with `set_bits` set, long enough to hold index `at_least`."""
    set_bits = list(set_bits)
    highest = max([at_least, *set_bits], default=0)
    length = (highest // BLOCK_BITS + 1) * BLOCK_BITS
    bits = bytearray(length // 8)
    for index in set_bits:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded_list: str) -> bytes:
    """The bitstring of an encodedList; ValueError when it is not one."""
    if not encoded_list.startswith("u"):
        raise ValueError('an encodedList starts with "u" (multibase base64url)')
    body = encoded_list[1:]
    try:
        return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(f"the encodedList is not GZIP-compressed base64url: {error}") from None


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"status index {index} is outside the list of {len(bits) * 8} entries")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def list_credential(url: str, issuer_id: str, encoded_list: str, valid_from: str) -> dict:
    """The school's BitstringStatusListCredential, unsigned."""
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": issuer_id,
            "validFrom": valid_from,
            "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": PURPOSE,
                                  "encodedList": encoded_list}}


def revoked(credential: dict, fetch) -> bool:
    """What a verifier concludes: is this credential revoked? `fetch(url) -> dict` reads its status list
    credential, whose proof must verify with a key the credential's own issuer lists (its controller
    document's `assertionMethod`). ValueError when the
    status cannot be told (no entry, a list that does not verify, an index outside the list)."""
    from . import proof

    entry = credential.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        raise ValueError("the credential has no BitstringStatusListEntry")
    listed = fetch(entry["statusListCredential"])
    issuer = credential["issuer"]["id"] if isinstance(credential.get("issuer"), dict) else credential.get("issuer")
    proofs = listed.get("proof") or [{}]
    method = (proofs[0] if isinstance(proofs, list) else proofs).get("verificationMethod", "")
    if listed.get("issuer") != issuer or not method.startswith(f"{issuer}#"):
        raise ValueError("the status list is not signed by the credential's issuer")
    if method not in (fetch(issuer).get("assertionMethod") or []):
        raise ValueError("the status list is signed with a key its issuer does not list")
    if not proof.verify(listed, proof.public_key_from_multibase(method.split("#", 1)[1])):
        raise ValueError("the status list's proof does not verify")
    subject = listed["credentialSubject"]
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise ValueError("the status list is for another purpose")
    return is_set(decode(subject["encodedList"]), int(entry["statusListIndex"]))
