import os
import tempfile

import requests


def download_firmware(url: str) -> str:
    """Fetch a firmware image before flashing it."""
    fd, target = tempfile.mkstemp(prefix="firmware-", suffix=".bin")
    with requests.get(url, stream=True, timeout=60) as response:
        response.raise_for_status()
        with os.fdopen(fd, "wb") as handle:
            for chunk in response.iter_content(65536):
                handle.write(chunk)
    os.sync()
    return target
