from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.get("/greet")
def greet():
    name = request.args.get("name", "guest")
    page = "<h1>Welcome back, " + name + "!</h1><p>Your dashboard is ready.</p>"
    return render_template_string(page)
