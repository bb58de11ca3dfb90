"""Scripted model replies shared by the session tests."""

from __future__ import annotations

UPLOAD_V1 = """Here is the service.

```python
# file: app.py
import os
from flask import Flask, request

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    file.save(os.path.join(UPLOADS, file.filename))
    return "ok"


if __name__ == "__main__":
    app.run(debug=True)
```

It stores the uploaded file.
"""

# Fixes the debug mode only: the client file name is still used as a path.
UPLOAD_V2 = """```python
# file: app.py
import os
from flask import Flask, request

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    file.save(os.path.join(UPLOADS, file.filename))
    return "ok"


if __name__ == "__main__":
    app.run()
```
"""

# Fixes both, and brings in a weak hash.
UPLOAD_V2_ALL_FIXED = """```python
import hashlib
import os
import uuid
from flask import Flask, request

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    name = uuid.uuid4().hex
    file.save(os.path.join(UPLOADS, name))
    return hashlib.md5(name.encode()).hexdigest()


if __name__ == "__main__":
    app.run()
```
"""

# Window replies for UPLOAD_V1's two windows: the `upload` function (lines 8-12) and the
# `if __name__` block (lines 15-16).
UPLOAD_WINDOW_FIXED = """Here are the corrected lines:

```python
@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    file.save(os.path.join(UPLOADS, uuid.uuid4().hex))
    return "ok"
```
"""
MAIN_WINDOW_FIXED = """```python
if __name__ == "__main__":
    app.run()
```
"""
# What Qwen 0.5B once sent for a window: the finding restated as a comment, no code.
MAIN_WINDOW_COMMENT_ONLY = """```python
# Run the Flask app with debug mode. Fix: Never run with debug=True outside local development.
```
"""
