"""Reference D: a score.py driver behind Flask under gunicorn, the design Azure ML's own inference server uses.

BENCH_DRIVER names the driver file; it is imported once per gunicorn worker and init() runs once, as in a
Modelbay Python replica. POST /score hands the raw body to run() and answers its result as JSON.
"""
import importlib.util
import json
import os

from flask import Flask, Response, request

_spec = importlib.util.spec_from_file_location("score", os.environ["BENCH_DRIVER"])
driver = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(driver)
if callable(getattr(driver, "init", None)):
    driver.init()

app = Flask(__name__)


@app.post("/score")
def score():
    try:
        return Response(json.dumps(driver.run(request.get_data(as_text=True))), mimetype="application/json")
    except ValueError as error:
        return Response(json.dumps({"message": str(error)}), status=400, mimetype="application/json")
