"""Property tests: any input either loads and round-trips, or fails with a ThreatModelError."""

from __future__ import annotations

import dataclasses
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import threat_model as tm
from app.core.errors import ThreatModelError
from app.core.threat_model import (
    dump_threat_model,
    parse_threat_model,
    render_for_prompt,
    set_key_path,
    threat_model_from_dict,
    threat_model_to_dict,
)


def _field_names(*classes: type) -> list[str]:
    return sorted({f.name for cls in classes for f in dataclasses.fields(cls)})


KNOWN_KEYS = _field_names(
    tm.ThreatModel, tm.Asset, tm.Actor, tm.TrustZone, tm.DataFlow, tm.Policies,
    tm.AuthenticationPolicy, tm.FileUploadPolicy, tm.LoggingPolicy, tm.ErrorsPolicy,
    tm.CryptoPolicy, tm.SecretsPolicy, tm.RateLimitingPolicy, tm.CorsPolicy,
)  # fmt: skip
KNOWN_WORDS = [
    *tm.EXPOSURES, *tm.CLASSIFICATIONS, *tm.TRUST_LEVELS, *tm.SECRET_SOURCES,
    "/health", "png", "*", "https://a.example", "a", "b", "",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=2**40),
    st.floats(allow_nan=False),
    st.sampled_from(KNOWN_WORDS),
    st.text(max_size=8),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=5), st.integers(0, 2))
trees = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=4),
    max_leaves=25,
)
documents = st.one_of(
    trees,
    st.fixed_dictionaries(
        {"airlock_threat_model": st.just(1), "name": st.sampled_from(["x", "a"]) | st.text()},
        optional={key: trees for key in _field_names(tm.ThreatModel) if key != "name"},
    ),
)


def assert_round_trips(model: tm.ThreatModel) -> None:
    for fmt, source in (("yaml", "<stdin>"), ("json", "x.json"), ("json", "<stdin>")):
        assert parse_threat_model(dump_threat_model(model, fmt), source=source) == model
    assert render_for_prompt(model).startswith("Threat model: ")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_tree_either_fails_cleanly_or_round_trips(document: object) -> None:
    try:
        model = threat_model_from_dict(document, source="random.yaml")
    except ThreatModelError as exc:
        assert str(exc).startswith("random.yaml: ")
        return
    assert threat_model_to_dict(model) == document
    assert_round_trips(model)


# --- Valid models built directly, to exercise dumping with arbitrary text ---

names = st.text(min_size=1, max_size=12).filter(str.strip)
texts = st.text(max_size=20)
words = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6)


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


def tuples(strategy: st.SearchStrategy[object], **kwargs: object) -> st.SearchStrategy[object]:
    return maybe(st.lists(strategy, max_size=3, **kwargs).map(tuple))  # type: ignore[arg-type]


def flags() -> st.SearchStrategy[object]:
    return maybe(st.booleans())


policies = st.builds(
    tm.Policies,
    authentication=maybe(
        st.builds(
            tm.AuthenticationPolicy,
            required=flags(),
            public_paths=tuples(words.map(lambda w: f"/{w}")),
            methods=tuples(names),
        )
    ),
    file_upload=maybe(
        st.builds(
            tm.FileUploadPolicy,
            allowed_extensions=tuples(words),
            max_bytes=maybe(st.integers(min_value=1)),
            storage=maybe(names),
            executable=flags(),
            overwrite=flags(),
            malware_scan=flags(),
        )
    ),
    logging=maybe(st.builds(tm.LoggingPolicy, forbidden_fields=tuples(names))),
    errors=maybe(st.builds(tm.ErrorsPolicy, expose_details=flags())),
    crypto=maybe(
        st.builds(tm.CryptoPolicy, password_hashing=tuples(names), forbidden=tuples(names))
    ),
    secrets=maybe(st.builds(tm.SecretsPolicy, source=maybe(st.sampled_from(tm.SECRET_SOURCES)))),
    rate_limiting=maybe(
        st.builds(
            tm.RateLimitingPolicy,
            required=flags(),
            requests_per_minute=maybe(st.integers(min_value=1)),
        )
    ),
    cors=maybe(
        st.builds(
            tm.CorsPolicy,
            allowed_origins=tuples(st.just("*") | words.map(lambda w: f"https://{w}")),
            allow_credentials=flags(),
        )
    ),
)


@st.composite
def models(draw: st.DrawFn) -> tm.ThreatModel:
    trust = maybe(st.sampled_from(tm.TRUST_LEVELS))
    asset = st.builds(
        tm.Asset,
        name=names,
        classification=maybe(st.sampled_from(tm.CLASSIFICATIONS)),
        pii=flags(),
        credentials=flags(),
        description=maybe(texts),
    )
    assets = draw(tuples(asset, unique_by=lambda a: a.name))
    declared = [a.name for a in assets] if isinstance(assets, tuple) else None
    data_names = st.sampled_from(declared) if declared else (names if declared is None else None)
    flow = st.builds(
        tm.DataFlow,
        source=names,
        destination=names,
        protocol=maybe(names),
        authentication=maybe(names),
        data=tuples(data_names) if data_names is not None else st.none(),
        description=maybe(texts),
    )
    return draw(
        st.builds(
            tm.ThreatModel,
            name=names,
            description=maybe(texts),
            exposure=maybe(st.sampled_from(tm.EXPOSURES)),
            compliance=tuples(names),
            assets=st.just(assets),
            actors=tuples(
                st.builds(tm.Actor, name=names, trust=trust, description=maybe(texts)),
                unique_by=lambda a: a.name,
            ),
            trust_zones=tuples(
                st.builds(tm.TrustZone, name=names, trust=trust, description=maybe(texts)),
                unique_by=lambda z: z.name,
            ),
            data_flows=tuples(flow),
            policies=maybe(policies),
            assumptions=tuples(names),
            notes=maybe(texts),
        )
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_any_valid_model_round_trips_through_dicts_yaml_and_json(model: tm.ThreatModel) -> None:
    document = threat_model_to_dict(model)

    assert threat_model_from_dict(document) == model
    assert_round_trips(model)


@settings(max_examples=200, deadline=None)
@given(models(), st.text(max_size=20), st.text(max_size=20))
def test_set_key_path_fails_only_with_threat_model_errors(
    model: tm.ThreatModel, key_path: str, raw_value: str
) -> None:
    try:
        changed = set_key_path(threat_model_to_dict(model), key_path, raw_value)
    except ThreatModelError:
        return
    assert isinstance(changed, dict)
