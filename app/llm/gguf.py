"""A structural check of GGUF model files, without loading them.

llama.cpp may crash or hang on a damaged file, so before a file is registered or handed to
the engine host we read its header, metadata and tensor table in pure Python and check that
the file is long enough to hold every tensor. That catches the common accidents (an empty
file, a truncated copy, an HTML error page saved as .gguf) with a message that names the file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import ModelFileError

MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
# Sanity bounds: real models have hundreds to a few thousand tensors and well under 100
# metadata keys; a damaged header that claims billions must not make us loop for hours.
MAX_TENSORS = 1_000_000
MAX_KEYS = 100_000
MAX_DIMS = 8
_READ_STEP = 16 * 1024 * 1024

# ggml type id -> (elements per block, bytes per block); from gguf-py's GGML_QUANT_SIZES.
_QK_K = 256
GGML_BLOCK_SIZES: dict[int, tuple[int, int]] = {
    0: (1, 4),  # F32
    1: (1, 2),  # F16
    2: (32, 18),  # Q4_0
    3: (32, 20),  # Q4_1
    6: (32, 22),  # Q5_0
    7: (32, 24),  # Q5_1
    8: (32, 34),  # Q8_0
    9: (32, 36),  # Q8_1
    10: (_QK_K, 84),  # Q2_K
    11: (_QK_K, 110),  # Q3_K
    12: (_QK_K, 144),  # Q4_K
    13: (_QK_K, 176),  # Q5_K
    14: (_QK_K, 210),  # Q6_K
    15: (_QK_K, 292),  # Q8_K
    16: (_QK_K, 66),  # IQ2_XXS
    17: (_QK_K, 74),  # IQ2_XS
    18: (_QK_K, 98),  # IQ3_XXS
    19: (_QK_K, 50),  # IQ1_S
    20: (32, 18),  # IQ4_NL
    21: (_QK_K, 110),  # IQ3_S
    22: (_QK_K, 82),  # IQ2_S
    23: (_QK_K, 136),  # IQ4_XS
    24: (1, 1),  # I8
    25: (1, 2),  # I16
    26: (1, 4),  # I32
    27: (1, 8),  # I64
    28: (1, 8),  # F64
    29: (_QK_K, 56),  # IQ1_M
    30: (1, 2),  # BF16
    34: (_QK_K, 54),  # TQ1_0
    35: (_QK_K, 66),  # TQ2_0
    39: (32, 17),  # MXFP4
}

# GGUF metadata value types: fixed sizes, 8 = string, 9 = array.
_SCALAR_FORMATS: dict[int, str] = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING = 8
_ARRAY = 9
_MAX_KEPT_STRING = 256


@dataclass(frozen=True)
class GgufSummary:
    """What the check learned about a file; `data_end` is None if a tensor type is unknown."""

    path: Path
    version: int
    tensor_count: int
    size_bytes: int
    data_end: int | None
    metadata: dict[str, str | int | float | bool] = field(default_factory=dict)
    has_chat_template: bool = False

    @property
    def architecture(self) -> str | None:
        value = self.metadata.get("general.architecture")
        return value if isinstance(value, str) else None

    @property
    def context_length(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.context_length")
        return value if isinstance(value, int) else None


class _HeaderTruncatedError(Exception):
    """The parser ran past the bytes it has; the caller reads more or reports truncation."""


class _HeaderDamagedError(Exception):
    """The header holds values no valid file has; check_gguf names the file."""


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, count: int) -> bytes:
        end = self.pos + count
        if end > len(self.data):
            raise _HeaderTruncatedError
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def unpack(self, fmt: str) -> int | float | bool:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise _HeaderTruncatedError
        (value,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return value  # type: ignore[no-any-return]

    def u32(self) -> int:
        return int(self.unpack("<I"))

    def u64(self) -> int:
        return int(self.unpack("<Q"))

    def string(self, file_size: int) -> bytes:
        length = self.u64()
        if length > file_size:
            raise _HeaderDamagedError("a metadata string claims to be longer than the file")
        return self.take(length)

    def skip(self, count: int) -> None:
        if self.pos + count > len(self.data):
            raise _HeaderTruncatedError
        self.pos += count


def check_gguf(path: Path) -> GgufSummary:
    """Check that `path` is a complete GGUF file; raise ModelFileError naming what is wrong."""
    size = _check_is_regular_file(path)
    try:
        summary = _read_summary(path, size)
    except OSError as exc:
        raise ModelFileError(f"cannot read model file {path}: {exc.strerror or exc}") from exc
    if summary.data_end is not None and size < summary.data_end:
        raise ModelFileError(
            f"{path} is truncated: its tensors need {summary.data_end} bytes but the file has "
            f"{size}; copy or download it again"
        )
    return summary


def _read_summary(path: Path, size: int) -> GgufSummary:
    with path.open("rb") as handle:
        head = handle.read(4)
        if head != MAGIC:
            raise ModelFileError(
                f"{path} is not a GGUF model file (it starts with {head!r}, not {MAGIC!r})"
            )
        handle.seek(0)
        step = _READ_STEP
        while True:
            data = handle.read(step) if step < size else handle.read()
            try:
                summary = _parse(path, data, size)
                break
            except _HeaderDamagedError as exc:
                raise ModelFileError(f"{path} has a damaged GGUF header: {exc}") from None
            except _HeaderTruncatedError:
                if len(data) >= size:
                    raise ModelFileError(
                        f"{path} is truncated: it ends inside the GGUF header "
                        f"({size} bytes); copy or download it again"
                    ) from None
                handle.seek(0)
                step *= 4
    return summary


def _check_is_regular_file(path: Path) -> int:
    if not path.exists():
        raise ModelFileError(f"model file {path} does not exist")
    if path.is_dir():
        raise ModelFileError(f"{path} is a directory, not a model file")
    if not path.is_file():
        raise ModelFileError(f"{path} is not a regular file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ModelFileError(f"cannot read model file {path}: {exc.strerror or exc}") from exc
    if size == 0:
        raise ModelFileError(f"{path} is empty (0 bytes), not a model file")
    return size


def _parse(path: Path, data: bytes, file_size: int) -> GgufSummary:
    reader = _Reader(data)
    reader.take(4)
    version = reader.u32()
    if version not in SUPPORTED_VERSIONS:
        raise ModelFileError(
            f"{path} is GGUF version {version}; only versions "
            f"{', '.join(map(str, SUPPORTED_VERSIONS))} are supported"
        )
    tensor_count = reader.u64()
    key_count = reader.u64()
    if tensor_count > MAX_TENSORS or key_count > MAX_KEYS:
        raise ModelFileError(f"{path} has a damaged GGUF header (implausible counts)")
    metadata, has_template = _read_metadata(reader, key_count, file_size)
    tensors_end = _read_tensor_table(reader, tensor_count, file_size)
    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0:
        raise ModelFileError(f"{path} has an invalid general.alignment ({alignment!r})")
    data_start = -(-reader.pos // alignment) * alignment
    data_end = None if tensors_end is None else data_start + tensors_end
    return GgufSummary(
        path=path,
        version=version,
        tensor_count=tensor_count,
        size_bytes=file_size,
        data_end=data_end,
        metadata=metadata,
        has_chat_template=has_template,
    )


def _read_metadata(
    reader: _Reader, key_count: int, file_size: int
) -> tuple[dict[str, str | int | float | bool], bool]:
    metadata: dict[str, str | int | float | bool] = {}
    has_template = False
    for _ in range(key_count):
        key = reader.string(file_size).decode("utf-8", errors="replace")
        value_type = reader.u32()
        value = _read_value(reader, value_type, file_size)
        if key.startswith("tokenizer.chat_template"):
            has_template = True
        elif value is not None:
            metadata[key] = value
    return metadata, has_template


def _read_value(
    reader: _Reader, value_type: int, file_size: int
) -> str | int | float | bool | None:
    if value_type in _SCALAR_FORMATS:
        return reader.unpack(_SCALAR_FORMATS[value_type])
    if value_type == _STRING:
        raw = reader.string(file_size)
        return raw.decode("utf-8", errors="replace") if len(raw) <= _MAX_KEPT_STRING else None
    if value_type == _ARRAY:
        _skip_array(reader, file_size)
        return None
    raise _HeaderDamagedError(f"unknown GGUF metadata value type {value_type}")


def _skip_array(reader: _Reader, file_size: int) -> None:
    item_type = reader.u32()
    count = reader.u64()
    if count > file_size:
        raise _HeaderDamagedError("a metadata array claims more items than the file has bytes")
    if item_type in _SCALAR_FORMATS:
        reader.skip(count * struct.calcsize(_SCALAR_FORMATS[item_type]))
    elif item_type == _STRING:
        for _ in range(count):
            reader.skip(reader.u64())
    elif item_type == _ARRAY:
        for _ in range(count):
            _skip_array(reader, file_size)
    else:
        raise _HeaderDamagedError(f"unknown GGUF array item type {item_type}")


def _read_tensor_table(reader: _Reader, tensor_count: int, file_size: int) -> int | None:
    """Read every tensor's shape and offset; the end of the last tensor's data, relative."""
    end: int | None = 0
    for _ in range(tensor_count):
        reader.string(file_size)
        dims_count = reader.u32()
        if dims_count > MAX_DIMS:
            raise _HeaderDamagedError("a tensor claims more than 8 dimensions")
        elements = 1
        for _ in range(dims_count):
            elements *= reader.u64()
        ggml_type = reader.u32()
        offset = reader.u64()
        nbytes = _tensor_bytes(ggml_type, elements)
        if nbytes is None:
            end = None
        elif end is not None:
            end = max(end, offset + nbytes)
    return end


def _tensor_bytes(ggml_type: int, elements: int) -> int | None:
    block = GGML_BLOCK_SIZES.get(ggml_type)
    if block is None:
        # A type newer than this table: we cannot compute the size, so we skip only the
        # truncation check; the hash check still applies.
        return None
    block_elements, block_bytes = block
    return elements // block_elements * block_bytes
