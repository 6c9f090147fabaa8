import { KEY_VARIABLE } from './curl';
import { prettyJson } from './prettyJson';
import type { CodeSnippet, SnippetCall } from './snippet';

/** A C# verbatim string: only `"` needs escaping (doubled), and the JSON keeps its lines. */
const verbatim = (text: string) => `@"${text.replace(/"/g, '""')}"`;

/** A .NET 6+ console program (top-level statements) with HttpClient. */
export function csharpSnippet(call: SnippetCall): CodeSnippet {
  const code = `// Calls the Modelbay endpoint ${call.title} with HttpClient (.NET 6 or later:
// \`dotnet new console\`, replace Program.cs with this file, \`dotnet run\`).
// Set ${KEY_VARIABLE} to one of the endpoint's keys first.
using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

var key = Environment.GetEnvironmentVariable("${KEY_VARIABLE}");
if (string.IsNullOrEmpty(key))
{
    Console.Error.WriteLine("Set ${KEY_VARIABLE} to one of the endpoint's keys.");
    return 1;
}
var url = ${JSON.stringify(call.url)};
var body = ${verbatim(prettyJson(call.body))};

using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
using var content = new StringContent(body, Encoding.UTF8, "application/json");
using var response = await client.PostAsync(url, content);
Console.WriteLine($"{(int)response.StatusCode} {response.ReasonPhrase}");
// The endpoint explains its refusals as JSON too: {"error": {"code", "message", "details"}}.
Console.WriteLine(await response.Content.ReadAsStringAsync());
return response.IsSuccessStatusCode ? 0 : 1;
`;
  return { id: 'csharp', label: 'C#', description: 'HttpClient (.NET 6+)', language: 'csharp', code };
}
