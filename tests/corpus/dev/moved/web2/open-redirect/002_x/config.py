import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    session_cookie: str = "acme_session"
    cookie_domain: str = ".acme-cloud.com"
    home_path: str = "/dashboard"
    trusted_hosts: frozenset[str] = field(
        default_factory=lambda: frozenset(
            h.strip()
            for h in os.environ.get(
                "ACME_TRUSTED_HOSTS",
                "acme-cloud.com,app.acme-cloud.com,docs.acme-cloud.com,status.acme-cloud.com",
            ).split(",")
            if h.strip()
        )
    )


settings = Settings()
