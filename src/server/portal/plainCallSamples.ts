import { KEY_VARIABLE, shellQuote } from '../../api/snippets/curl';

/**
 * curl and Python for a call without a body (a job's status, start, delete, the list): the calls with a body use
 * the extension's own snippets (src/api/snippets).
 */
export function plainCallSamples(method: string, url: string, title: string): { curl: string; python: string } {
  const curl = [
    `# ${title}. Set ${KEY_VARIABLE} to one of the endpoint's keys first: export ${KEY_VARIABLE}='<key>'`,
    `curl -sS -X ${method} ${shellQuote(url)} \\`,
    `  -H "Authorization: Bearer \${${KEY_VARIABLE}:?set ${KEY_VARIABLE} to the endpoint key}"`,
    '',
  ].join('\n');
  const python = `# ${title} (Python 3, standard library only).
# Set ${KEY_VARIABLE} to one of the endpoint's keys first: export ${KEY_VARIABLE}='<key>'
import os
import sys
import urllib.error
import urllib.request

request = urllib.request.Request(
    ${JSON.stringify(url)},
    headers={"Authorization": "Bearer " + os.environ["${KEY_VARIABLE}"]},
    method=${JSON.stringify(method)},
)
try:
    with urllib.request.urlopen(request, timeout=120) as response:
        print(response.status, response.read().decode("utf-8"))
except urllib.error.HTTPError as error:
    print(error.code, error.read().decode("utf-8"))
    sys.exit(1)
`;
  return { curl, python };
}
