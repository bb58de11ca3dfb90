from flask import Flask, render_template_string, request

app = Flask(__name__)
PAGE = "<h1>Welcome back, {{ name }}!</h1><p>Your dashboard is ready.</p>"


@app.get("/greet")
def greet():
    name = request.args.get("name", "guest")
    return render_template_string(PAGE, name=name)
