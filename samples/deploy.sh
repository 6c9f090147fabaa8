#!/usr/bin/env bash
# Deploys one of the samples on a running Modelbay service, the same way a user would with curl:
# upload assets -> register the model -> manifest -> image (async) -> service (async) -> keys.
#
#   samples/deploy.sh <feature-hashing-python|feature-hashing-node|onnx-classifier> <serviceURL> <adminToken>
#
# <adminToken> may be given as @<file> (e.g. @.modelbay-data/admin-token) so it stays out of the shell history.
# SERVICE_NAME overrides the service's name (default: the sample's name; names are unique, so a second deploy of
# the same sample needs a new one). POLL_TIMEOUT_SECONDS bounds each wait for an async operation (default 600).
# Progress goes to stderr; the scoring URL and primary key are printed on stdout at the end. Any failure exits
# non-zero with the service's error message. Needs curl and python3 (for JSON).
set -euo pipefail

usage() {
  echo "usage: $0 <feature-hashing-python|feature-hashing-node|onnx-classifier> <serviceURL> <adminToken|@tokenFile>" >&2
  exit 2
}
[ $# -eq 3 ] || usage

SAMPLE=$1
SERVICE_URL=${2%/}
TOKEN=$3
if [[ $TOKEN == @* ]]; then TOKEN=$(tr -d '[:space:]' < "${TOKEN#@}"); fi
[ -n "$TOKEN" ] || { echo "error: the admin token is empty" >&2; exit 2; }

SAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
API_VERSION=2017-09-01-preview
ACCOUNT="$SERVICE_URL/api/subscriptions/local/resourceGroups/local/accounts/default"
POLL_TIMEOUT_SECONDS=${POLL_TIMEOUT_SECONDS:-600}

case $SAMPLE in
  feature-hashing-python)
    RUNTIME=Python; DRIVER=score.py; DRIVER_FILE="$SAMPLES_DIR/feature-hashing/score.py"
    # The driver needs no weights; a model is registered anyway so every sample is deployed the same way.
    MODEL_NAME=feature-hashing; MODEL_FILE="$SAMPLES_DIR/feature-hashing/README.md"; MODEL_MIME=text/markdown ;;
  feature-hashing-node)
    RUNTIME=Node; DRIVER=score.js; DRIVER_FILE="$SAMPLES_DIR/feature-hashing/score.js"
    MODEL_NAME=feature-hashing; MODEL_FILE="$SAMPLES_DIR/feature-hashing/README.md"; MODEL_MIME=text/markdown ;;
  onnx-classifier)
    RUNTIME=Onnx; DRIVER=; DRIVER_FILE=
    MODEL_NAME=iris-classifier; MODEL_FILE="$SAMPLES_DIR/onnx-classifier/iris-classifier.onnx"; MODEL_MIME=application/octet-stream ;;
  *) usage ;;
esac
NAME=${SERVICE_NAME:-$SAMPLE}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

say() { echo "$*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

# Reads a field from a JSON file: json_get FILE key[.key...]; prints nothing when the field is absent.
json_get() {
  python3 - "$1" "$2" <<'PY'
import json, sys
value = json.load(open(sys.argv[1], encoding="utf-8"))
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
if value is not None:
    print(value if isinstance(value, str) else json.dumps(value))
PY
}

# The service's ErrorResponse as one line ("code: message (details)"), or the raw body if it is not one.
error_message() {
  python3 - "$1" <<'PY'
import json, sys
raw = open(sys.argv[1], encoding="utf-8", errors="replace").read()
try:
    body = json.loads(raw)
    if isinstance(body, dict) and "error" in body and isinstance(body["error"], dict):
        body = body["error"]
    text = "%s: %s" % (body["code"], body["message"])
    details = [d.get("message", "") for d in body.get("details") or [] if d.get("message") not in (None, body["message"])]
    print(text + (" (" + "; ".join(details) + ")" if details else ""))
except Exception:
    print(raw.strip()[:1000] or "(empty body)")
PY
}

# The error of a Failed or Cancelled operation as one line.
operation_error() {
  python3 - "$1" <<'PY'
import json, sys
error = json.load(open(sys.argv[1], encoding="utf-8")).get("error") or {}
print("%s: %s" % (error.get("code", "NoCode"), error.get("message", "no reason given")))
PY
}

# Adds api-version to a URL the service gave us (Operation-Location, resourceLocation) unless it is there already.
with_api_version() {
  case $1 in
    *api-version=*) echo "$1" ;;
    *\?*) echo "$1&api-version=$API_VERSION" ;;
    *) echo "$1?api-version=$API_VERSION" ;;
  esac
}

# call METHOD URL [curl data args...]: the answer's body lands in $WORK/body, its headers in $WORK/headers.
# Any status outside 2xx (or no answer at all) ends the script with the service's message.
call() {
  local method=$1 url=$2 status
  shift 2
  if ! status=$(curl -sS -X "$method" "$(with_api_version "$url")" -H "Authorization: Bearer $TOKEN" \
    -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' "$@"); then
    fail "$method $url: no answer from the service"
  fi
  if [[ $status != 2* ]]; then
    fail "$method $url -> HTTP $status: $(error_message "$WORK/body")"
  fi
}

post_json() { call POST "$1" -H 'Content-Type: application/json' --data-binary "$2"; }

header() { grep -i "^$1:" "$WORK/headers" | tail -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }

# Uploads a file as an asset and prints its URL.
upload() {
  local file=$1 name
  name=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$(basename "$file")")
  say "uploading $(basename "$file")"
  call POST "$ACCOUNT/assets?name=$name" -H 'Content-Type: application/octet-stream' --data-binary "@$file"
  local url
  url=$(json_get "$WORK/body" url)
  [ -n "$url" ] || fail "the asset upload answered no url"
  echo "$url"
}

# Waits for the async operation named by the last answer's Operation-Location; prints its resourceLocation.
wait_for_operation() {
  local what=$1 location state deadline
  location=$(header Operation-Location)
  [ -n "$location" ] || fail "$what: the answer has no Operation-Location header"
  deadline=$((SECONDS + POLL_TIMEOUT_SECONDS))
  while :; do
    call GET "$location"
    state=$(json_get "$WORK/body" state)
    case $state in
      Succeeded) break ;;
      Failed | Cancelled) fail "$what $state: $(operation_error "$WORK/body")" ;;
    esac
    [ $SECONDS -lt $deadline ] || fail "$what still $state after $POLL_TIMEOUT_SECONDS s ($location)"
    say "  $what: $state"
    sleep 1
  done
  local resource
  resource=$(json_get "$WORK/body" resourceLocation)
  [ -n "$resource" ] || fail "$what succeeded but its operation names no resourceLocation"
  echo "$resource"
}

# 1. Assets: the driver (Python and Node only) and the model file.
ASSETS_JSON='[]'
if [ -n "$DRIVER" ]; then
  DRIVER_URL=$(upload "$DRIVER_FILE")
  ASSETS_JSON=$(python3 -c 'import json, sys; print(json.dumps([{"url": sys.argv[1]}]))' "$DRIVER_URL")
fi
MODEL_URL=$(upload "$MODEL_FILE")

# 2. Model.
say "registering model $MODEL_NAME"
post_json "$ACCOUNT/models" "$(python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "mimeType": sys.argv[2], "url": sys.argv[3]}))' \
  "$MODEL_NAME" "$MODEL_MIME" "$MODEL_URL")"
MODEL_ID=$(json_get "$WORK/body" id)
[ -n "$MODEL_ID" ] || fail "the model registration answered no id"

# 3. Manifest: Onnx runs the model itself, so it has no driverProgram and no assets.
say "creating manifest $NAME ($RUNTIME)"
post_json "$ACCOUNT/manifests" "$(python3 - "$NAME" "$DRIVER" "$ASSETS_JSON" "$MODEL_ID" "$RUNTIME" <<'PY'
import json, sys
name, driver, assets, model_id, runtime = sys.argv[1:]
manifest = {"name": name, "assets": json.loads(assets), "modelIds": [model_id],
            "targetRuntime": {"runtimeType": runtime, "properties": {}}}
if driver:
    manifest["driverProgram"] = driver
print(json.dumps(manifest))
PY
)"
MANIFEST_ID=$(json_get "$WORK/body" id)
[ -n "$MANIFEST_ID" ] || fail "the manifest answered no id"

# 4. Image (async).
say "building image $NAME"
post_json "$ACCOUNT/images" "$(python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "manifestId": sys.argv[2], "imageType": "Docker", "computeResourceId": "local"}))' \
  "$NAME" "$MANIFEST_ID")"
IMAGE_LOCATION=$(wait_for_operation image)
call GET "$IMAGE_LOCATION"
IMAGE_ID=$(json_get "$WORK/body" id)
[ -n "$IMAGE_ID" ] || fail "the image at $IMAGE_LOCATION has no id"

# 5. Service (async).
say "creating service $NAME"
post_json "$ACCOUNT/services" "$(python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "imageId": sys.argv[2], "computeResource": {"id": "local", "type": "Cluster"}, "numReplicas": 1}))' \
  "$NAME" "$IMAGE_ID")"
SERVICE_LOCATION=$(wait_for_operation service)
call GET "$SERVICE_LOCATION"
SERVICE_ID=$(json_get "$WORK/body" id)
[ -n "$SERVICE_ID" ] || fail "the service at $SERVICE_LOCATION has no id"

# 6. Scoring URL and keys.
call GET "$ACCOUNT/services/$SERVICE_ID"
SCORING_URI=$(json_get "$WORK/body" scoringUri)
[ -n "$SCORING_URI" ] || fail "service $SERVICE_ID has no scoringUri"
call GET "$ACCOUNT/services/$SERVICE_ID/keys"
PRIMARY_KEY=$(json_get "$WORK/body" primaryKey)
[ -n "$PRIMARY_KEY" ] || fail "service $SERVICE_ID answered no primaryKey"

case $SAMPLE in
  onnx-classifier) EXAMPLE='{"data": [[5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]]}' ;;
  *) EXAMPLE='{"Inputs": {"input1": [{"text": "This is a good day"}]}, "GlobalParameters": {}}' ;;
esac
say "deployed service $NAME ($SERVICE_ID); try:"
say "  curl -sS -X POST '$SCORING_URI' -H 'Authorization: Bearer <primaryKey>' -H 'Content-Type: application/json' -d '$EXAMPLE'"
echo "scoringUri: $SCORING_URI"
echo "primaryKey: $PRIMARY_KEY"
