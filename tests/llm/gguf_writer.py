"""Small GGUF files written byte by byte, for tests that need a model file but not a model."""

from __future__ import annotations

import struct
from pathlib import Path

F32 = 0
_STRING = 8
_UINT32 = 4


def _string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf_bytes(
    *,
    metadata: dict[str, str | int] | None = None,
    tensors: dict[str, int] | None = None,
    version: int = 3,
    tensor_type: int = F32,
) -> bytes:
    """A GGUF v3 file: string/uint32 metadata and 1-D tensors of `count` elements each."""
    base: dict[str, str | int] = {"general.architecture": "llama", "general.name": "tiny test"}
    metadata = base | (metadata or {})
    tensors = {"tok_embd.weight": 64} if tensors is None else tensors
    out = bytearray(b"GGUF")
    out += struct.pack("<IQQ", version, len(tensors), len(metadata))
    for key, value in metadata.items():
        out += _string(key)
        if isinstance(value, str):
            out += struct.pack("<I", _STRING) + _string(value)
        else:
            out += struct.pack("<II", _UINT32, value)
    offset = 0
    sizes = []
    for name, count in tensors.items():
        out += _string(name) + struct.pack("<I", 1) + struct.pack("<Q", count)
        out += struct.pack("<IQ", tensor_type, offset)
        size = count * 4
        sizes.append(size)
        offset += -(-size // 32) * 32
    out += b"\0" * (-len(out) % 32)
    for size in sizes:
        out += bytes(range(256)) * (size // 256) + bytes(size % 256)
        out += b"\0" * (-size % 32)
    return bytes(out)


def write_gguf(path: Path, **kwargs: object) -> Path:
    path.write_bytes(gguf_bytes(**kwargs))  # type: ignore[arg-type]
    return path
