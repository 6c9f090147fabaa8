import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, MethodMap, ParamsCheck } from '../../../webviews/protocol/rpc';
import { dispatchWebviewMessage } from './messageDispatch';

/** What a panel handler can do besides answering: push events to its webview, and close it. */
export interface PanelHandle<Event> {
  post(event: Event): void;
  close(): void;
  readonly panel: vscode.WebviewPanel;
}

export type Handlers<M extends MethodMap, Event> = {
  [K in keyof M & string]: (params: M[K]['params'], handle: PanelHandle<Event>) => Promise<M[K]['result']>;
};

export interface PanelSpec<M extends MethodMap, Init, Event> {
  viewType: string;
  title: string;
  /** The bundle in dist/webviews/<script>.js */
  script: string;
  /** The bundle imports a library's stylesheet (uPlot's): esbuild writes it as dist/webviews/<script>.css. */
  bundleCss?: boolean;
  init(): Promise<Init>;
  check: ParamsCheck<M>;
  handlers: Handlers<M, Event>;
}

/**
 * Opens a webview panel with a strict CSP (only our nonce-tagged bundle runs; styles and fonts only from the
 * extension), sends `init` after the webview says `ready`, and answers typed requests. A message that is not one of
 * the panel's requests, or whose params do not check, is ignored with a log line: the webview is not trusted.
 */
export function openPanel<M extends MethodMap, Init, Event>(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  spec: PanelSpec<M, Init, Event>,
): PanelHandle<Event> {
  const media = vscode.Uri.joinPath(context.extensionUri, 'media');
  const bundles = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webviews');
  const panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, vscode.ViewColumn.Active, {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [media, bundles],
  });
  const post = (message: HostMessage<Init, Event>) => void panel.webview.postMessage(message);
  const handle: PanelHandle<Event> = { post: (event) => post({ type: 'event', event }), close: () => { panel.dispose(); }, panel };
  panel.webview.html = html(panel.webview, {
    script: vscode.Uri.joinPath(bundles, `${spec.script}.js`),
    css: vscode.Uri.joinPath(media, 'panels.css'),
    codicons: vscode.Uri.joinPath(bundles, 'codicon.css'),
    bundleCss: spec.bundleCss ? vscode.Uri.joinPath(bundles, `${spec.script}.css`) : undefined,
    title: spec.title,
  });
  panel.webview.onDidReceiveMessage(async (raw: unknown) => {
    await dispatchWebviewMessage(spec, raw, {
      post,
      warn: (line) => log.warn(line),
      error: (line) => {
        log.error(line);
        void vscode.window.showErrorMessage(`Modelbay: ${line}`);
      },
    }, handle);
  });
  return handle;
}

/**
 * The page. The codicon font's stylesheet (dist/webviews/codicon.css and its .ttf, copied from @vscode/codicons by
 * esbuild.mjs) is linked with the id vscode-elements' vscode-icon looks for: the icon links the same stylesheet
 * in its shadow root, and the font face is declared by the page's copy. Both load from the extension, which the CSP's
 * style-src and font-src allow.
 */
function html(webview: vscode.Webview, page: { script: vscode.Uri; css: vscode.Uri; codicons: vscode.Uri; bundleCss?: vscode.Uri; title: string }): string {
  const { script, css, codicons, bundleCss, title } = page;
  const nonce = randomBytes(18).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${bundleCss ? `<link rel="stylesheet" href="${webview.asWebviewUri(bundleCss).toString()}">\n` : ''}<link rel="stylesheet" href="${webview.asWebviewUri(css).toString()}">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${webview.asWebviewUri(codicons).toString()}">
<title>${title.replace(/[<>&"]/g, '')}</title>
</head>
<body>
<main id="app" aria-busy="true"><vscode-progress-ring></vscode-progress-ring></main>
<script nonce="${nonce}" src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
}
