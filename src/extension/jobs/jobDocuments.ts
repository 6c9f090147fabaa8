import * as vscode from 'vscode';
import type { JobAccess } from './jobAccess';

export const JOB_SCHEME = 'modelbay-job';

/** The job a document shows: enough to find its endpoint and read it again. */
export interface JobDocumentTarget {
  accountId: string;
  serviceId: string;
  endpointName: string;
  jobId: string;
  label: string;
}

/** modelbay-job:/<account>/<service>/<endpoint>/<job>/<label>.json: a job's status as the service answers it. */
export function jobDocumentUri(job: JobDocumentTarget): vscode.Uri {
  const segments = [job.accountId, job.serviceId, job.endpointName, job.jobId].map(encodeURIComponent);
  return vscode.Uri.from({ scheme: JOB_SCHEME, path: `/${segments.join('/')}/${job.label.replace(/[/\\]/g, '-')} job.json` });
}

/** Serves job documents read-only, read again from the service each time one is shown. */
export class JobDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly access: JobAccess) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [accountId, serviceId, endpointName, jobId] = uri.path.split('/').slice(1, 5).map(decodeURIComponent) as [string, string, string, string];
    const { client } = await this.access.forJob({ accountId, serviceId, endpointName });
    return JSON.stringify(await client.get(jobId), null, 2);
  }

  /** Opens (or reads again and shows) a job's document. */
  async show(job: JobDocumentTarget): Promise<vscode.TextEditor> {
    const uri = jobDocumentUri(job);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    return vscode.window.showTextDocument(document, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
