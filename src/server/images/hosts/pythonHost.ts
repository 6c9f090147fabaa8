/**
 * The Python host shipped inside every Python image (serve/modelbay_host.py). It imports the driver (score.py
 * with init() and run(raw_json)) once and answers score calls: over HTTP in a container (`--http PORT`), or as
 * JSON lines over stdin and fd 3 for the local runtime (`--stdio`): answers go on fd 3 only, so the driver's own
 * prints (stdout, stderr) never corrupt the protocol and reach the service's live log as they were printed.
 */
export const PYTHON_HOST = String.raw`"""Modelbay Python host: runs a score.py driver (init() once, then run(raw_json) per request)."""
import importlib.machinery
import importlib.util
import json
import os
import sys
import traceback
from http.server import BaseHTTPRequestHandler, HTTPServer

IMAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_driver():
    with open(os.path.join(IMAGE_DIR, "modelbay-image.json"), encoding="utf-8") as f:
        spec = json.load(f)
    models = os.path.join(IMAGE_DIR, "models")
    os.environ.setdefault("MODELBAY_MODEL_DIR", models)
    os.environ.setdefault("AZUREML_MODEL_DIR", models)
    app = os.path.join(IMAGE_DIR, "app")
    sys.path.insert(0, app)
    # An explicit loader: the official CLI names the driver by an asset id without ".py" ("driver").
    driver = os.path.join(app, spec["driverProgram"])
    module_spec = importlib.util.spec_from_file_location("score", driver, loader=importlib.machinery.SourceFileLoader("score", driver))
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    if not callable(getattr(module, "run", None)):
        raise RuntimeError(spec["driverProgram"] + " defines no run(raw_json) function")
    if callable(getattr(module, "init", None)):
        module.init()
    return module


def score(module, raw):
    return json.dumps(module.run(raw))


# Errors a driver raises about its input are the caller's (HTTP 400); anything else is the driver's own (500).
CALLERS_FAULT = (ValueError, TypeError, KeyError, IndexError)


def declared_schema(module):
    schema = getattr(module, "SCHEMA", None)
    if callable(getattr(module, "schema", None)):
        schema = module.schema()
    return schema if isinstance(schema, dict) else None


def limit_self():
    """Applies the service's memory reservation, and dies with the service that started us."""
    limit = os.environ.get("MODELBAY_MEMORY_LIMIT_BYTES")
    if limit:
        try:
            import resource
            resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))
        except ImportError:  # Windows has no resource module: the reservation is not enforced there
            print("modelbay: this platform cannot cap a Python replica's memory; the reservation is not enforced", file=sys.stderr)
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def serve_stdio():
    protocol = os.fdopen(3, "w", encoding="utf-8", buffering=1)
    limit_self()
    try:
        module = load_driver()
    except BaseException as error:
        traceback.print_exc()
        protocol.write(json.dumps({"ready": False, "error": type(error).__name__ + ": " + str(error)}) + "\n")
        sys.exit(1)
    protocol.write(json.dumps({"ready": True, "schema": declared_schema(module)}) + "\n")
    for line in sys.stdin:
        message = json.loads(line)
        try:
            reply = {"id": message["id"], "ok": True, "result": score(module, message["body"])}
        except MemoryError:
            reply = {"id": message["id"], "ok": False, "status": 413, "error": "OutOfMemoryLimit: the driver ran out of its memory reservation"}
        except Exception as error:
            traceback.print_exc()
            status = 400 if isinstance(error, CALLERS_FAULT) else 500
            reply = {"id": message["id"], "ok": False, "status": status, "error": type(error).__name__ + ": " + str(error)}
        protocol.write(json.dumps(reply) + "\n")


def serve_http(port):
    module = load_driver()

    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, body):
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.answer(200, json.dumps({"status": "Healthy"}))

        def do_POST(self):
            if self.path.split("?")[0] != "/score":
                self.answer(404, json.dumps({"code": "RouteNotFound", "message": "POST /score"}))
                return
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8")
            try:
                self.answer(200, score(module, raw))
            except Exception as error:
                traceback.print_exc()
                self.answer(500, json.dumps({"code": "DriverError", "message": str(error)}))

    HTTPServer(("0.0.0.0", port), Handler).serve_forever()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--stdio":
        serve_stdio()
    else:
        serve_http(int(sys.argv[2]) if len(sys.argv) > 2 else 5001)
`;
