"""The SQL schema, one constant per migration (see migrations.py).

Designed up front for the whole product: threat-model versions are never overwritten,
reviews record exactly which model file and prompts produced them (audit), and every
triage decision is an event of its own.
"""

from __future__ import annotations

SCHEMA_V1 = """
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE threat_model_versions (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (project_id, version)
);
CREATE TABLE models (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    path TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('embedded', 'pull', 'import')),
    catalog_revision TEXT,
    added_at TEXT NOT NULL,
    verified_at TEXT
);
CREATE TABLE model_roles (
    role TEXT PRIMARY KEY CHECK (role IN ('generate', 'review')),
    model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE prompts (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    text TEXT NOT NULL,
    first_used_at TEXT NOT NULL
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    threat_model_version_id INTEGER REFERENCES threat_model_versions(id),
    request TEXT NOT NULL,
    questions TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'open',
    model_id TEXT,
    model_sha256 TEXT,
    prompt_hashes TEXT NOT NULL DEFAULT '{}',
    settings TEXT NOT NULL DEFAULT '{}',
    timings TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE code_artifacts (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    parent_id INTEGER REFERENCES code_artifacts(id),
    path TEXT NOT NULL,
    language TEXT,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('generated', 'fixed', 'imported', 'edited')),
    created_at TEXT NOT NULL
);
CREATE INDEX code_artifacts_session ON code_artifacts (session_id, version);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    threat_model_version_id INTEGER REFERENCES threat_model_versions(id),
    threat_model_sha256 TEXT,
    target TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'cancelled')),
    model_id TEXT,
    model_sha256 TEXT,
    prompt_hashes TEXT NOT NULL DEFAULT '{}',
    settings TEXT NOT NULL DEFAULT '{}',
    timings TEXT NOT NULL DEFAULT '{}',
    warnings TEXT NOT NULL DEFAULT '[]',
    app_version TEXT NOT NULL,
    baseline_review_id INTEGER REFERENCES reviews(id),
    started_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX reviews_project ON reviews (project_id, started_at);
CREATE TABLE review_artifacts (
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    artifact_id INTEGER NOT NULL REFERENCES code_artifacts(id) ON DELETE CASCADE,
    PRIMARY KEY (review_id, artifact_id)
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL,
    title TEXT NOT NULL,
    cwe TEXT NOT NULL DEFAULT '[]',
    severity TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
    confidence TEXT NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    sources TEXT NOT NULL DEFAULT '[]',
    file TEXT NOT NULL,
    start_line INTEGER,
    end_line INTEGER,
    start_column INTEGER,
    end_column INTEGER,
    snippet TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    why TEXT NOT NULL DEFAULT '',
    fix TEXT NOT NULL DEFAULT '',
    patch TEXT,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'fixed', 'accepted', 'false_positive')),
    status_reason TEXT,
    status_until TEXT,
    baseline_state TEXT CHECK (baseline_state IN ('new', 'unchanged', 'gone')),
    created_at TEXT NOT NULL
);
CREATE INDEX findings_review ON findings (review_id);
CREATE INDEX findings_fingerprint ON findings (fingerprint);
CREATE TABLE finding_events (
    id INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    old_status TEXT,
    new_status TEXT NOT NULL,
    reason TEXT,
    until TEXT
);
CREATE INDEX finding_events_finding ON finding_events (finding_id, at)
"""


# --- Migration 2: full-text search ----------------------------------------------------------
#
# One FTS5 index per searchable table, "external content" (the text is read from the table
# itself, the index holds only tokens), named and triggered the way sqlite-utils'
# `enable_fts(..., create_triggers=True)` does it, so its `detect_fts()` and `search()` work.
# We cannot call enable_fts itself: it runs `executescript`, which commits the migration's
# transaction half-way. Our update triggers fire only when an indexed column changes (a
# triage decision or a session step must not re-index the row).
#
# Trigger bodies hold `;` inside BEGIN ... END, so these are kept as a list of whole
# statements rather than a script that migrations.py splits on `;`.

FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "findings": ("title", "message", "why", "fix", "snippet", "file", "rule_id"),
    "sessions": ("request", "questions"),
    "code_artifacts": ("path", "content"),
    "reviews": ("target",),
}
# bm25 weight of each column above, stored as the index's `rank` so that `ORDER BY rank`
# (which FTS5 sorts itself) uses them: a word in a title or a path counts more than one in a
# long explanation or a whole file.
FTS_WEIGHTS: dict[str, tuple[float, ...]] = {
    "findings": (4.0, 2.0, 1.0, 1.0, 1.0, 2.0, 2.0),
    "sessions": (4.0, 1.0),
    "code_artifacts": (4.0, 1.0),
    "reviews": (1.0,),
}

# Porter stemming lets "uploads" find "upload"; remove_diacritics folds accents.
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


def fts_statements(table: str, columns: tuple[str, ...], weights: tuple[float, ...]) -> list[str]:
    """CREATE the index for `table`, fill it from the rows already there, add its triggers."""
    fts = f"{table}_fts"
    rank = "bm25(" + ", ".join(str(w) for w in weights) + ")"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    insert = f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING FTS5 ({cols}, tokenize='{FTS_TOKENIZE}',"
        f' content="{table}")',
        f"INSERT INTO {fts} ({fts}, rank) VALUES ('rank', '{rank}')",
        f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF {cols} ON {table} BEGIN {delete} {insert} END",
    ]


# For searches with filters and no words, which walk the newest rows of a kind (see
# app.store.search): a rare severity, or one project's sessions and code, without reading
SEARCH_INDEXES = """
CREATE INDEX findings_severity ON findings (severity);
CREATE INDEX sessions_project ON sessions (project_id);
CREATE INDEX code_artifacts_project ON code_artifacts (project_id)
"""


def schema_v2_statements() -> list[str]:
    statements = [
        statement
        for table, columns in FTS_COLUMNS.items()
        for statement in fts_statements(table, columns, FTS_WEIGHTS[table])
    ]
    return statements + [s.strip() for s in SEARCH_INDEXES.split(";\n") if s.strip()]


# --- Migration 3: on-prem inference servers -----------------------------------------------
#
# A role (generate, review) may use an OpenAI-compatible server instead of a local model file.
# A row here wins over the role's row in model_roles, which is kept so that switching back is
# one command. The API key is never stored here: `api_key_store` only says where it is kept
# (the OS keyring or a 0600 file, see app.llm.credentials). Public hosts must be allowed by
# name first (allowed_hosts, see app.llm.endpoints).

SCHEMA_V3 = """
CREATE TABLE endpoints (
    role TEXT PRIMARY KEY CHECK (role IN ('generate', 'review')),
    url TEXT NOT NULL,
    model TEXT NOT NULL,
    ca_bundle TEXT,
    timeout_s REAL NOT NULL CHECK (timeout_s > 0),
    api_key_store TEXT CHECK (api_key_store IN ('keyring', 'file')),
    updated_at TEXT NOT NULL
);
CREATE TABLE allowed_hosts (
    host TEXT PRIMARY KEY,
    added_at TEXT NOT NULL
)
"""


# --- Migration 4: what kind of item a finding is ------------------------------------------
#
# A reported item is a finding (it claims a weakness), a note (severity info) or a question
# for the reviewer (a claim only the model made, in a class whose model claims are not trusted
# as findings; see app.core.findings.FindingKind). Only findings are SARIF results and count
# for --fail-on. Rows of earlier reviews are classified by the same rule: every info row is a
# note, and a row whose every source is a model is a question, as no model class was trusted
# when they were written. A sources value that is not a JSON array (a hand-edited file) leaves
# the row a finding.

SCHEMA_V4 = """
ALTER TABLE findings ADD COLUMN kind TEXT NOT NULL DEFAULT 'finding'
    CHECK (kind IN ('finding', 'question', 'note'));
UPDATE findings SET kind = 'note' WHERE severity = 'info';
UPDATE findings SET kind = 'question'
    WHERE severity != 'info'
    AND CASE
        WHEN json_valid(sources) AND json_type(sources) = 'array'
            AND json_array_length(sources) > 0
        THEN NOT EXISTS (
            SELECT 1 FROM json_each(findings.sources)
            WHERE json_each.type != 'text' OR substr(json_each.value, 1, 6) != 'model:'
        )
        ELSE 0
    END
"""


# --- Migration 5: a finding's data flow (source to sink) ---------------------------------

SCHEMA_V5 = """
ALTER TABLE findings ADD COLUMN flow TEXT NOT NULL DEFAULT '[]'
"""
