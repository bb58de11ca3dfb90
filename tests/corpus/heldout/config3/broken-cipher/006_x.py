"""Celery tasks that build partner exports and push them to object storage.

Partners upload a CSV of account ids through the portal; the worker joins it
against our records and writes an encrypted bundle the partner later downloads.
"""
from __future__ import annotations

import base64
import csv
import io
import json
import os
import uuid
from datetime import date

import boto3
from celery import Celery
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from exports.records import fetch_accounts

app = Celery("exports", broker=os.environ["CELERY_BROKER_URL"])
s3 = boto3.client("s3")

EXPORT_BUCKET = os.environ.get("EXPORT_BUCKET", "partner-exports")


def _export_key() -> bytes:
    key = base64.b64decode(os.environ["EXPORT_ENCRYPTION_KEY"])
    if len(key) != 32:
        raise RuntimeError("EXPORT_ENCRYPTION_KEY must decode to 32 bytes")
    return key


NONCE_BYTES = 12


def encrypt_bundle(plaintext: bytes, partner_id: int) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    aad = f"partner:{partner_id}".encode()
    return nonce + AESGCM(_export_key()).encrypt(nonce, plaintext, aad)


def decrypt_bundle(blob: bytes, partner_id: int) -> bytes:
    nonce, ciphertext = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    aad = f"partner:{partner_id}".encode()
    return AESGCM(_export_key()).decrypt(nonce, ciphertext, aad)


def _read_requested_ids(partner_id: int, upload_id: str) -> list[int]:
    upload_key = f"in/{partner_id}/{uuid.UUID(upload_id)}.csv"
    obj = s3.get_object(Bucket=EXPORT_BUCKET, Key=upload_key)
    text = obj["Body"].read().decode("utf-8-sig")
    ids: list[int] = []
    for row in csv.reader(io.StringIO(text)):
        if row and row[0].strip().isdigit():
            ids.append(int(row[0]))
    return ids[:50_000]


@app.task(bind=True, max_retries=3, acks_late=True)
def build_partner_export(self, partner_id: int, upload_id: str) -> str:
    try:
        account_ids = _read_requested_ids(partner_id, upload_id)
        records = fetch_accounts(partner_id=partner_id, account_ids=account_ids)
    except ConnectionError as exc:
        raise self.retry(exc=exc, countdown=30)

    payload = json.dumps(
        {"partner_id": partner_id, "generated": date.today().isoformat(), "accounts": records},
        separators=(",", ":"),
    ).encode()
    out_key = f"out/{partner_id}/{date.today():%Y%m%d}-{self.request.id}.bin"
    s3.put_object(Bucket=EXPORT_BUCKET, Key=out_key, Body=encrypt_bundle(payload, partner_id))
    return out_key
