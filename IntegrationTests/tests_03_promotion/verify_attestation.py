"""Verifies mlgate's gate attestation with Python's `cryptography`, not with mlgate.

Usage: verify_attestation.py ATTESTATION PUBLIC_KEY_PEM MODEL

The attestation is a DSSE envelope; its signature over the pre-authentication encoding
(PAE) must verify with the Ed25519 public key; the payload must be an in-toto Statement
v1 whose subjects include the model's SHA-256 and whose predicate says `passed`.
Exits non-zero (an exception) otherwise.
"""
import base64
import hashlib
import json
import sys

from cryptography.hazmat.primitives.serialization import load_pem_public_key

attestation, public_key, model = sys.argv[1:]
with open(attestation) as f:
    envelope = json.load(f)
payload = base64.b64decode(envelope["payload"])
kind = envelope["payloadType"].encode()
pae = b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)
with open(public_key, "rb") as f:
    key = load_pem_public_key(f.read())
key.verify(base64.b64decode(envelope["signatures"][0]["sig"]), pae)
statement = json.loads(payload)
assert statement["_type"] == "https://in-toto.io/Statement/v1", statement["_type"]
with open(model, "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
assert any(s["digest"]["sha256"] == digest for s in statement["subject"]), "model digest not among the subjects"
assert statement["predicate"]["status"] == "passed"
print("signature, subject digest and verdict agree")
