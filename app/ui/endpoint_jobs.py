"""The model manager's inference-server jobs: read, test, save and clear a role's endpoint,
and allow a public host. Run on a worker thread with their own database connection; no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.llm.endpoints import DEFAULT_TIMEOUT_S, Endpoint, check_endpoint, make_endpoint
from app.llm.engine import MODEL_ROLES
from app.llm.openai_compat import OpenAICompatibleEngine
from app.llm.registry import ModelRegistry
from app.ui.jobs import Context, database


@dataclass(frozen=True)
class EndpointForm:
    """What the user typed. An empty api_key keeps the stored key (for the same URL)."""

    role: str
    url: str
    model: str
    api_key: str = ""
    ca_bundle: Path | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S

    def endpoint(self) -> Endpoint:
        return make_endpoint(
            self.url, self.model, ca_bundle=self.ca_bundle, timeout_s=self.timeout_s
        )


@dataclass(frozen=True)
class EndpointsSnapshot:
    endpoints: dict[str, Endpoint]
    has_key: dict[str, bool]
    allowed_hosts: tuple[str, ...]


def snapshot(_: Context | None = None) -> EndpointsSnapshot:
    with database() as db:
        registry = ModelRegistry(db)
        return EndpointsSnapshot(
            endpoints=registry.endpoints(),
            has_key={role: registry.endpoint_key_store(role) is not None for role in MODEL_ROLES},
            allowed_hosts=tuple(registry.allowed_hosts()),
        )


def check_connection(ctx: Context, form: EndpointForm) -> str:
    """Ask the server which models it serves, with the form's settings (saved or not)."""
    endpoint = form.endpoint()
    with database() as db:
        registry = ModelRegistry(db)
        policy = registry.host_policy()
        check_endpoint(endpoint, policy)  # a public host is refused before any connection
        stored = registry.endpoint_for_role(form.role)
        same_server = stored is not None and stored.url == endpoint.url
        key = form.api_key.strip() or (
            registry.endpoint_api_key(form.role) if same_server else None
        )
    with OpenAICompatibleEngine(endpoint, api_key=key, policy=policy) as engine:
        ctx.on_cancel(engine.cancel)
        names = engine.list_models()
    served = ", ".join(names) if names else "no models listed"
    if names and endpoint.model not in names:
        return (
            f"{endpoint.netloc} answered, but does not serve {endpoint.model!r}: it serves {served}"
        )
    return f"{endpoint.netloc} answered: it serves {served}"


def save(_: Context, form: EndpointForm) -> str:
    with database() as db:
        endpoint = ModelRegistry(db).use_endpoint(
            form.role,
            form.url,
            form.model,
            api_key=form.api_key.strip() or None,
            ca_bundle=form.ca_bundle,
            timeout_s=form.timeout_s,
        )
    return f"{form.role} now uses {endpoint.model} on {endpoint.netloc}; code and prompts go there"


def allow_and_save(ctx: Context, form: EndpointForm) -> str:
    """The user confirmed the public host: allow it by name, then save the endpoint."""
    with database() as db:
        ModelRegistry(db).allow_host(form.endpoint().host)
    return save(ctx, form)


def clear(_: Context, role: str) -> str:
    with database() as db:
        registry = ModelRegistry(db)
        previous = registry.clear_endpoint(role)
        local = registry.effective_roles()[role]
    if previous is None:
        return f"{role} already uses a local model ({local})"
    return f"{role} uses the local model {local} again, not {previous.netloc}"
