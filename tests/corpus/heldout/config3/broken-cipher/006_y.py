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
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from exports.records import fetch_accounts

app = Celery("exports", broker=os.environ["CELERY_BROKER_URL"])
s3 = boto3.client("s3")

EXPORT_BUCKET = os.environ.get("EXPORT_BUCKET", "partner-exports")


def _export_key() -> bytes:
    key = base64.b64decode(os.environ["EXPORT_ENCRYPTION_KEY"])
    if len(key) != 32:
        raise RuntimeError("EXPORT_ENCRYPTION_KEY must decode to 32 bytes")
    return key


def encrypt_bundle(plaintext: bytes) -> bytes:
    padder = padding.PKCS7(algorithms.AES.block_size).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(_export_key()), modes.ECB()).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def decrypt_bundle(blob: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(_export_key()), modes.ECB()).decryptor()
    padded = decryptor.update(blob) + decryptor.finalize()
    unpadder = padding.PKCS7(algorithms.AES.block_size).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


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
    s3.put_object(Bucket=EXPORT_BUCKET, Key=out_key, Body=encrypt_bundle(payload))
    return out_key
