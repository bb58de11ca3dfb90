"""file_upload: type allow-list, size, client file names and overwriting, per threat model."""

from __future__ import annotations

from app.core.threat_model import FileUploadPolicy, Policies, ThreatModel
from tests.scan_flow import policy_slugs, run_policy


def model(
    *,
    allowed: tuple[str, ...] | None = ("png", "jpg"),
    max_bytes: int | None = 5 * 1024 * 1024,
    overwrite: bool | None = None,
) -> ThreatModel:
    policy = FileUploadPolicy(allowed_extensions=allowed, max_bytes=max_bytes, overwrite=overwrite)
    return ThreatModel("uploads", policies=Policies(file_upload=policy))


NAIVE = """
import os
from flask import Flask, request
app = Flask(__name__)
UPLOADS = "/srv/uploads"

@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["photo"]
    f.save(os.path.join(UPLOADS, f.filename))
    return "ok"
"""

CAREFUL = """
import os, uuid
from flask import Flask, request, abort
from werkzeug.utils import secure_filename
app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 5 * 1024 * 1024
UPLOADS = "/srv/uploads"
ALLOWED = {"png", "jpg"}

def allowed_file(name):
    return "." in name and name.rsplit(".", 1)[1].lower() in ALLOWED

@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["photo"]
    if not allowed_file(f.filename):
        abort(400)
    ext = secure_filename(f.filename).rsplit(".", 1)[1]
    f.save(os.path.join(UPLOADS, uuid.uuid4().hex + "." + ext))
    return "ok"
"""


def test_a_naive_upload_breaks_every_rule_of_the_policy() -> None:
    result = run_policy(NAIVE, model())
    assert [f.rule_id.rsplit(".", 1)[-1] for f in result.findings] == [
        "upload-unchecked-type",
        "upload-unlimited-size",
        "upload-client-filename",
    ]
    first = result.findings[0]
    assert first.cwe == (434,) and first.sources == ("policy:file_upload",)
    assert "policy allows png, jpg up to 5 MB" in first.message
    assert result.findings[2].snippet == "f.save(os.path.join(UPLOADS, f.filename))"


def test_the_same_upload_is_not_checked_without_an_upload_policy() -> None:
    assert policy_slugs(NAIVE, ThreatModel("uploads", policies=Policies())) == []


def test_a_careful_upload_passes_even_when_overwriting_is_forbidden() -> None:
    assert policy_slugs(CAREFUL, model(overwrite=False)) == []


def test_an_allow_list_wider_than_the_policy_is_a_finding() -> None:
    wide = CAREFUL.replace('{"png", "jpg"}', '{"png", "jpg", "svg", "html"}')
    result = run_policy(wide, model())
    [finding] = result.findings
    assert finding.rule_id == "airlock.policy.upload-type-not-allowed"
    assert finding.message.endswith("also accepts html, svg.")
    assert policy_slugs(wide, model(allowed=("png", "jpg", "svg", "html"))) == []


def test_a_size_limit_above_the_policy_is_a_finding() -> None:
    big = CAREFUL.replace("5 * 1024 * 1024", "100 * 1024 * 1024")
    [finding] = run_policy(big, model()).findings
    assert finding.rule_id == "airlock.policy.upload-limit-above-policy"
    assert "MAX_CONTENT_LENGTH allows 100 MB" in finding.message
    assert policy_slugs(big, model(max_bytes=200 * 1024 * 1024)) == []


def test_a_length_check_in_the_handler_is_a_size_limit() -> None:
    code = CAREFUL.replace('app.config["MAX_CONTENT_LENGTH"] = 5 * 1024 * 1024\n', "").replace(
        '    f = request.files["photo"]\n',
        '    f = request.files["photo"]\n    data = f.read()\n'
        "    if len(data) > 5_000_000:\n        abort(413)\n",
    )
    assert policy_slugs(code, model()) == []


SECURE_NAME = """
import os
from flask import Flask, request, abort
from werkzeug.utils import secure_filename
app = Flask(__name__)

@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["photo"]
    if not f.filename.lower().endswith((".png", ".jpg")):
        abort(400)
    target = os.path.join("/srv/uploads", secure_filename(f.filename))
    {guard}f.save(target)
    return "ok"
"""


def test_a_secure_name_from_the_client_may_still_overwrite() -> None:
    unguarded = SECURE_NAME.replace("{guard}", "")
    guarded = SECURE_NAME.replace("{guard}", "if os.path.exists(target):\n        abort(409)\n    ")
    forbids = model(max_bytes=None, overwrite=False)
    assert policy_slugs(unguarded, forbids) == ["upload-overwrite"]
    assert policy_slugs(unguarded, model(max_bytes=None, overwrite=True)) == []
    assert policy_slugs(guarded, forbids) == []


def test_an_empty_allow_list_means_no_uploads() -> None:
    assert "upload-not-allowed" in policy_slugs(CAREFUL, model(allowed=()))


def test_fastapi_upload_file_checks() -> None:
    code = """
    import shutil
    from fastapi import FastAPI, UploadFile, HTTPException
    app = FastAPI()

    @app.post("/avatar")
    async def avatar(file: UploadFile):
        if file.content_type not in ("image/png", "image/jpeg"):
            raise HTTPException(400)
        if file.size > 2_000_000:
            raise HTTPException(413)
        with open("/srv/avatars/current.png", "wb") as out:
            shutil.copyfileobj(file.file, out)
    """
    assert policy_slugs(code, model()) == []
    unchecked = code.replace("file.size > 2_000_000", "False").replace(
        '"/srv/avatars/current.png"', 'f"/srv/avatars/{file.filename}"'
    )
    assert policy_slugs(unchecked, model()) == ["upload-unlimited-size", "upload-client-filename"]
