"""The shipped pack's threat-model checks for Express and Spring, decided by the threat model:
authentication outside public paths, error details, upload limits, hard-coded secrets."""

from __future__ import annotations

from app.core.findings import Finding, Severity
from app.core.sources import source_from_text
from app.core.threat_model import parse_threat_model
from app.scan.base import StageContext
from app.scan.semgrep import SemgrepStage

EXPRESS_ROUTES = """\
const express = require('express');
const { requireAuth } = require('./auth');
const app = express();

app.get('/health', (req, res) => res.json({ ok: true }));
app.get('/orders', requireAuth, (req, res) => res.json([]));
app.delete('/orders/:id', (req, res) => res.sendStatus(204));
app.get('/users/:id/profile', (req, res) => res.json({}));
"""
SPRING_ROUTES = """\
package shop;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
public class OrderController {
    @GetMapping("/health")
    public String health() { return "ok"; }

    @PreAuthorize("isAuthenticated()")
    @GetMapping("/orders")
    public String list() { return "[]"; }

    @DeleteMapping("/orders/{id}")
    public void delete(@PathVariable long id) { }

    @GetMapping("/users/{id}/profile")
    public String profile(@PathVariable long id) { return "{}"; }
}
"""
AUTH = """\
airlock_threat_model: 1
name: shop
policies:
  authentication: {required: true, public_paths: ["/health", "/users/<id>/profile"]}
"""


def _review(name: str, code: str, threat_model: str | None) -> list[Finding]:
    model = parse_threat_model(threat_model, source="test") if threat_model else None
    result = SemgrepStage().run([source_from_text(name, code)], StageContext(threat_model=model))
    return result.findings


def _auth(findings: list[Finding]) -> list[int | None]:
    return [f.start_line for f in findings if 306 in f.cwe]


def test_express_routes_without_authentication_outside_public_paths() -> None:
    assert _auth(_review("routes.js", EXPRESS_ROUTES, AUTH)) == [7]
    assert _auth(_review("routes.js", EXPRESS_ROUTES, None)) == []  # nothing required


def test_spring_routes_without_authentication_outside_public_paths() -> None:
    assert _auth(_review("OrderController.java", SPRING_ROUTES, AUTH)) == [15]
    assert _auth(_review("OrderController.java", SPRING_ROUTES, None)) == []


EXPRESS_ERRORS = """\
const express = require('express');
const app = express();
app.get('/report', async (req, res) => {
  try {
    res.json(await buildReport());
  } catch (err) {
    res.status(500).json({ error: err.message, stack: err.stack });
  }
});
"""
SPRING_ERRORS = """\
package shop;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestControllerAdvice
public class Errors {
    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> handle(Exception e) {
        return ResponseEntity.status(500).body(e.getMessage());
    }
}
"""


def _errors_policy(expose: bool) -> str:
    value = "true" if expose else "false"
    return f"airlock_threat_model: 1\nname: x\npolicies:\n  errors: {{expose_details: {value}}}\n"


def _details(findings: list[Finding]) -> list[Severity]:
    return [f.severity for f in findings if 209 in f.cwe]


def test_error_details_follow_the_errors_policy_in_express_and_spring() -> None:
    for name, code in (("app.js", EXPRESS_ERRORS), ("Errors.java", SPRING_ERRORS)):
        plain = _details(_review(name, code, None))
        assert plain, name
        raised = _details(_review(name, code, _errors_policy(expose=False)))
        assert [s.rank for s in raised] == [s.rank + 1 for s in plain], name
        assert _details(_review(name, code, _errors_policy(expose=True))) == [], name


MULTER = """\
const express = require('express');
const multer = require('multer');
const upload = multer({ dest: 'uploads/' });
const app = express();
app.post('/avatar', upload.single('avatar'), (req, res) => res.json({ name: req.file.filename }));
"""
UPLOAD_POLICY = """\
airlock_threat_model: 1
name: x
policies:
  file_upload: {allowed_extensions: [png, jpg], max_bytes: 2000000}
"""


def test_multer_without_limits_is_checked_against_the_upload_policy() -> None:
    found = [f for f in _review("upload.js", MULTER, UPLOAD_POLICY) if 434 in f.cwe]
    assert found and all("png" in f.why for f in found)
    assert [f for f in _review("upload.js", MULTER, None) if 434 in f.cwe] == []


def test_hard_coded_credentials_in_object_literals_and_java_fields() -> None:
    js = "const db = new Pool({ host: 'db', user: 'app', password: 'Xk29vLq8Zt' });\n"
    java = 'class Db { private static final String DB_PASSWORD = "Xk29vLq8Zt"; }\n'
    for name, code in (("db.js", js), ("Db.java", java)):
        [finding] = [f for f in _review(name, code, None) if 798 in f.cwe]
        assert "Xk29vLq8Zt" not in finding.snippet + finding.message, name
