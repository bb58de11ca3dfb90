"""A deliberately vulnerable module to try `airlock review` on after installing."""

import hashlib
import sqlite3
import subprocess

API_KEY = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"


def find_user(db: sqlite3.Connection, name: str) -> list:
    return db.execute("SELECT * FROM users WHERE name = '%s'" % name).fetchall()


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()


def archive(folder: str) -> int:
    return subprocess.call("tar czf backup.tgz " + folder, shell=True)
