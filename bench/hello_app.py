"""The baseline: a bare Flask hello-world, served by bench/api.py under the same gunicorn settings."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
