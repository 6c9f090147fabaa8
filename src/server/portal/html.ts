/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The developer portal's only policy: its script and stylesheet from this service, calls to this service only,
 * no inline script or style, no frames, no form posts.
 */
export const PORTAL_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'";

export const PORTAL_HEADERS = {
  'Content-Security-Policy': PORTAL_CSP,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** A page of the portal around its body: the portal's stylesheet and script, nothing inline. */
export function portalPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/portal/help.css">
<script src="/portal/help.js" defer></script>
</head>
<body>
${body}
</body>
</html>
`;
}
