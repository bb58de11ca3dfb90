"""TLS settings shared by the feed sync jobs."""
import os
import ssl

FEED_CA_FILE = os.environ.get("FEED_CA_FILE", "/etc/feedsync/ca.pem")


def make_verified_context(ca_file: str | None = FEED_CA_FILE) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=ca_file)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    # create_default_context already sets CERT_REQUIRED and hostname checking;
    # the mirror's certificate is issued by the CA in ca_file
    return ctx
