import logging
import os

from .worker import run_forever

LOG_DIR = "/var/log/exporter"


def main() -> None:
    os.umask(0)
    os.makedirs(LOG_DIR, exist_ok=True)
    logging.basicConfig(filename=os.path.join(LOG_DIR, "exporter.log"), level=logging.INFO)
    run_forever()


if __name__ == "__main__":
    main()
