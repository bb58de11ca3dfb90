import yaml
from flask import Flask, jsonify, request
from flask_login import current_user, login_required

from .pipelines import save_pipeline

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 256 * 1024


@app.put("/pipelines/<int:pipeline_id>")
@login_required
def update_pipeline(pipeline_id):
    config = yaml.load(request.get_data(as_text=True), Loader=yaml.Loader)
    if not isinstance(config, dict) or "steps" not in config:
        return jsonify({"error": "a pipeline needs steps"}), 400
    save_pipeline(current_user.id, pipeline_id, config)
    return jsonify({"id": pipeline_id, "steps": len(config["steps"])})
