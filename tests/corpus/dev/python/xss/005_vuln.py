from flask import Flask, render_template_string
from flask_login import login_required
from markupsafe import Markup

from .models import User

app = Flask(__name__)

PROFILE = """
<section class="profile">
  <h2>{{ user.display_name }}</h2>
  <div class="bio">{{ bio }}</div>
</section>
"""


@app.get("/users/<int:user_id>")
@login_required
def profile(user_id):
    user = User.query.get_or_404(user_id)
    bio = Markup(f"<p class='bio-text'>{user.bio}</p>")
    return render_template_string(PROFILE, user=user, bio=bio)
