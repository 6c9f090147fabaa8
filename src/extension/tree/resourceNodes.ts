import * as vscode from 'vscode';
import type { AsyncOperationState, Deployment, Endpoint, Image, JobStatus, Manifest, ServiceResponse } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { describeScale } from '../core/describeScale';
import { serviceStatus, type ServiceStatus } from '../core/serviceStatus';
import { roleAbove, taggedContext } from './callerRole';
import { EndpointJobs, type JobRows } from './jobNodes';
import { ListFolderNode } from './listFolderNode';
import type { ResourceNode, TreeContext, TreeNode } from './treeNode';

const when = (iso: string) => new Date(iso).toLocaleString();

/** The icon of a resource in an async state: building spins, Failed is red, Succeeded is green. */
export function stateIcon(state: AsyncOperationState, succeeded: string): vscode.ThemeIcon {
  switch (state) {
    case 'NotStarted':
    case 'Running':
      return new vscode.ThemeIcon('sync~spin');
    case 'Failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'Cancelled':
      return new vscode.ThemeIcon('circle-slash');
    case 'Succeeded':
      return new vscode.ThemeIcon(succeeded, new vscode.ThemeColor('testing.iconPassed'));
  }
}

/** The icon of a service: green when it scores, a spinner while deploying, grey when stopped, red when failed. */
function serviceIcon(status: ServiceStatus): vscode.ThemeIcon {
  switch (status.tone) {
    case 'ok':
      return new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'));
    case 'busy':
      return new vscode.ThemeIcon('sync~spin');
    case 'idle':
      return new vscode.ThemeIcon(status.word === 'stopped' ? 'vm-outline' : 'circle-slash', new vscode.ThemeColor('disabledForeground'));
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  }
}

/** A `.scores` tag on rows that can be called now: the menus offer the scoring URL and Test only on those. */
const scoresTag = (scores: boolean) => (scores ? '.scores' : '');

const stateWord = (state: AsyncOperationState) => (state === 'Running' || state === 'NotStarted' ? 'building' : state === 'Succeeded' ? 'ready' : state.toLowerCase());

export class ManifestNode implements ResourceNode<'manifest'> {
  readonly kind = 'manifest' as const;
  readonly id: string;
  constructor(readonly parent: TreeNode, readonly account: AccountHandle, readonly resource: Manifest) {
    this.id = `${parent.id}/${resource.id}`;
  }
  getTreeItem(): vscode.TreeItem {
    const m = this.resource;
    const item = new vscode.TreeItem(`${m.name}:${m.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = m.targetRuntime.runtimeType + (m.driverProgram ? ` · ${m.driverProgram}` : '');
    item.iconPath = new vscode.ThemeIcon('file-code');
    item.tooltip = new vscode.MarkdownString([`**${m.name}:${m.version}**`, `- runtime: ${m.targetRuntime.runtimeType}`, `- driver: ${m.driverProgram ?? 'none (the model runs itself)'}`, `- assets: ${m.assets.map((a) => a.id).join(', ') || 'none'}`, `- models: ${m.modelIds.length}`, `- created: ${when(m.createdTime)}`].join('\n'));
    item.contextValue = taggedContext(this, 'modelbay.manifest');
    return item;
  }
}

export class ImageNode implements ResourceNode<'image'> {
  readonly kind = 'image' as const;
  readonly id: string;
  constructor(readonly parent: TreeNode, readonly account: AccountHandle, readonly resource: Image) {
    this.id = `${parent.id}/${resource.id}`;
  }
  getTreeItem(): vscode.TreeItem {
    const i = this.resource;
    const item = new vscode.TreeItem(`${i.name}:${i.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${stateWord(i.creationState)} · ${i.manifest.targetRuntime.runtimeType}`;
    item.iconPath = stateIcon(i.creationState, 'package');
    const lines = [`**${i.name}:${i.version}** (${i.creationState})`, `- manifest: ${i.manifest.name}:${i.manifest.version}`, `- created: ${when(i.createdTime)}`];
    if (i.imageLocation) lines.push(`- content: \`${i.imageLocation.slice(0, 19)}…\``);
    if (i.error) lines.push(`- error: ${i.error.message}`);
    item.tooltip = new vscode.MarkdownString(lines.join('\n'));
    item.contextValue = taggedContext(this, `modelbay.image.${i.creationState}`);
    return item;
  }
}

export class ServiceNode implements ResourceNode<'service'> {
  readonly kind = 'service' as const;
  readonly id: string;
  constructor(
    readonly parent: TreeNode,
    readonly account: AccountHandle,
    readonly resource: ServiceResponse,
    private readonly tree: TreeContext,
  ) {
    this.id = `${parent.id}/${resource.id}`;
  }
  getTreeItem(): vscode.TreeItem {
    const s = this.resource;
    const status = serviceStatus(s);
    const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = status.summary;
    item.iconPath = serviceIcon(status);
    const lines = [`**${s.name}**: ${status.summary}`, `- image: ${s.image ? `${s.image.name}:${s.image.version}` : s.imageId}`, `- replicas: ${s.readyReplicas ?? 0} ready (${describeScale(s)})`, `- per replica: ${s.maxConcurrentRequestsPerContainer} concurrent calls`];
    if (s.scoringUri && status.scores) lines.push(`- scoring URL: ${s.scoringUri}`);
    if (!status.scores && status.word === 'stopped') lines.push('- answers 503 until scaled up (Update Service...)');
    if (s.error) lines.push(`- error: ${s.error.message}`);
    item.tooltip = new vscode.MarkdownString(lines.join('\n'));
    item.contextValue = taggedContext(this, `modelbay.service.${status.word}${scoresTag(status.scores)}`);
    return item;
  }
  getChildren(): Promise<TreeNode[]> {
    const endpoints = new ListFolderNode<Endpoint>(this, this.account, this.tree, {
      folder: 'endpoints',
      service: this,
      label: 'Endpoints',
      icon: 'plug',
      empty: 'No endpoints',
      load: async (client) => ({ value: await client.services.endpoints(this.resource.id) }),
      nameOf: (e) => e.name,
      toNode: (e, parent) => new EndpointNode(parent, this.account, e, serviceStatus(this.resource).scores, this.tree),
    });
    const deployments = new ListFolderNode<Deployment>(this, this.account, this.tree, {
      folder: 'deployments',
      service: this,
      label: 'Deployments',
      icon: 'history',
      empty: 'No deployments',
      load: async (client) => ({ value: await client.services.deployments(this.resource.id) }),
      nameOf: () => '',
      toNode: (d, parent) => new DeploymentNode(parent, this.account, d),
    });
    return Promise.resolve([endpoints, deployments]);
  }
}

/** An endpoint; its children are its batch jobs. */
export class EndpointNode implements ResourceNode<'endpoint'>, JobRows {
  readonly kind = 'endpoint' as const;
  readonly id: string;
  private readonly jobs: EndpointJobs;
  /** `scores`: whether its service answers calls now (not stopped, failed or deploying). */
  constructor(readonly parent: TreeNode, readonly account: AccountHandle, readonly resource: Endpoint, private readonly scores: boolean, private readonly tree: TreeContext) {
    this.id = `${parent.id}/${resource.id}`;
    this.jobs = new EndpointJobs(this, account, resource, tree);
  }
  getChildren(): Promise<TreeNode[]> {
    this.tree.showsJobs(this.account.id, this.resource.id, this);
    return this.jobs.children();
  }
  reset(): void {
    this.jobs.reset();
  }
  update(jobId: string, status: JobStatus): TreeNode | undefined {
    return this.jobs.update(jobId, status);
  }
  getTreeItem(): vscode.TreeItem {
    const e = this.resource;
    // Batch jobs are reached with the endpoint's key, which a Reader may not read: a Reader's endpoint has no children.
    const jobsShown = roleAbove(this) !== 'Reader';
    const item = new vscode.TreeItem(e.name, jobsShown ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `max ${e.maxConcurrentCalls} calls${e.imageId ? ' · own image' : ''}`;
    item.iconPath = new vscode.ThemeIcon(e.name === 'default' ? 'plug' : 'debug-disconnect');
    item.tooltip = new vscode.MarkdownString([`**${e.name}**${e.description ? ` — ${e.description}` : ''}`, `- scoring URL: ${e.scoringUri}`, `- RRS: ${e.rrsUri}`, `- max concurrent calls: ${e.maxConcurrentCalls}`, `- logging: ${e.loggingLevel}`, e.imageId ? `- pinned image: ${e.imageId}` : '- follows the service image'].join('\n'));
    item.contextValue = taggedContext(this, `modelbay.endpoint${e.name === 'default' ? '.default' : ''}${scoresTag(this.scores)}`);
    return item;
  }
}

export class DeploymentNode implements ResourceNode<'deployment'> {
  readonly kind = 'deployment' as const;
  readonly id: string;
  constructor(readonly parent: TreeNode, readonly account: AccountHandle, readonly resource: Deployment) {
    this.id = `${parent.id}/${resource.id}`;
  }
  getTreeItem(): vscode.TreeItem {
    const d = this.resource;
    const item = new vscode.TreeItem(when(d.createdAt), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = d.expiredAt ? `${d.status} · replaced` : `${d.status} · current`;
    item.iconPath = stateIcon(d.status, d.expiredAt ? 'history' : 'pass');
    item.tooltip = new vscode.MarkdownString(`- image: ${d.imageId}\n- status: ${d.status}\n- created: ${when(d.createdAt)}${d.expiredAt ? `\n- replaced: ${when(d.expiredAt)}` : ''}`);
    item.contextValue = taggedContext(this, 'modelbay.deployment');
    return item;
  }
}
