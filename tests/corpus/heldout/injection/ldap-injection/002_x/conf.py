import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DirectorySettings:
    server_uri: str = field(default_factory=lambda: os.environ.get("DIRECTORY_URI", "ldaps://dc1.corp.example.net"))
    bind_user: str = field(default_factory=lambda: os.environ.get("DIRECTORY_BIND_USER", ""))
    bind_password: str = field(default_factory=lambda: os.environ.get("DIRECTORY_BIND_PASSWORD", ""))
    people_base: str = "ou=Staff,dc=corp,dc=example,dc=net"
    groups_base: str = "ou=Groups,dc=corp,dc=example,dc=net"
    timeout: int = 5


directory_settings = DirectorySettings()
