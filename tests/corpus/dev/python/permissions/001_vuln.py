import json
import os

CONFIG_PATH = "/etc/payments/gateway.json"


def save_gateway_config(settings: dict) -> None:
    """Persist the gateway settings (merchant id, webhook URL, API credentials)."""
    with open(CONFIG_PATH, "w") as handle:
        json.dump(settings, handle, indent=2)
    os.chmod(CONFIG_PATH, 0o777)
