import { KEY_VARIABLE } from './curl';
import { formatLiteral, PYTHON_STYLE } from './prettyJson';
import type { CodeSnippet, SnippetCall } from './snippet';

/** Python 3 with the standard library only (urllib), so it runs without installing `requests`. */
export function pythonSnippet(call: SnippetCall): CodeSnippet {
  const code = `# Calls the Modelbay endpoint ${call.title} (Python 3, standard library only).
# Set ${KEY_VARIABLE} to one of the endpoint's keys first: export ${KEY_VARIABLE}='<key>'
import json
import os
import sys
import urllib.error
import urllib.request

url = ${JSON.stringify(call.url)}
body = ${formatLiteral(call.body, PYTHON_STYLE)}

key = os.environ.get(${JSON.stringify(KEY_VARIABLE)})
if not key:
    sys.exit("Set ${KEY_VARIABLE} to one of the endpoint's keys.")

request = urllib.request.Request(
    url,
    data=json.dumps(body).encode("utf-8"),
    headers={"Content-Type": "application/json", "Authorization": "Bearer " + key},
    method="POST",
)
try:
    with urllib.request.urlopen(request, timeout=120) as response:
        print(response.status, response.reason)
        print(json.dumps(json.load(response), indent=2))
except urllib.error.HTTPError as error:
    # The endpoint explains its refusals as JSON: {"error": {"code", "message", "details"}}.
    print(error.code, error.reason)
    print(error.read().decode("utf-8"))
    sys.exit(1)
`;
  return { id: 'python', label: 'Python', description: 'urllib (standard library)', language: 'python', code };
}
