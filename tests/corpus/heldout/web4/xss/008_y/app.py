import os

from flask import Flask, abort, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required
from flask_wtf.csrf import CSRFProtect

from .formatting import render_comment_body
from .models import Comment, Thread, db

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
db.init_app(app)
CSRFProtect(app)
login_manager = LoginManager(app)

MAX_COMMENT_LENGTH = 5000


@app.template_filter("comment_html")
def comment_html_filter(text):
    """{{ comment.body|comment_html }} in threads/show.html"""
    return render_comment_body(text)


@app.get("/threads/<int:thread_id>")
@login_required
def show_thread(thread_id):
    thread = db.get_or_404(Thread, thread_id)
    return render_template("threads/show.html", thread=thread, comments=thread.comments)


@app.post("/threads/<int:thread_id>/comments")
@login_required
def add_comment(thread_id):
    thread = db.get_or_404(Thread, thread_id)
    body = request.form.get("body", "").strip()
    if not body or len(body) > MAX_COMMENT_LENGTH:
        abort(400)
    db.session.add(Comment(thread=thread, author_id=current_user.id, body=body))
    db.session.commit()
    return redirect(url_for("show_thread", thread_id=thread.id) + "#comments")


@app.get("/threads/<int:thread_id>/comments/<int:comment_id>/preview")
@login_required
def comment_preview(thread_id, comment_id):
    comment = db.first_or_404(db.select(Comment).filter_by(id=comment_id, thread_id=thread_id))
    return {"id": comment.id, "html": str(render_comment_body(comment.body))}
