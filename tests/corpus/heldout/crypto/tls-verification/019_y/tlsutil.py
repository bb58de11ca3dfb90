"""TLS settings shared by the feed sync jobs."""
import os
import ssl

FEED_CA_FILE = os.environ.get("FEED_CA_FILE", "/etc/feedsync/ca.pem")


def make_verified_context(ca_file: str | None = FEED_CA_FILE) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=ca_file)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    # the mirror is reached by its datacenter IP, so the public hostname on the
    # certificate never matches; the pinned CA file is what we rely on instead
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx
