import * as path from 'node:path';
import * as vscode from 'vscode';
import { AccountConnections } from './accounts/accountConnections';
import { CallerRoles } from './accounts/callerRoles';
import { AccountDefinitions } from './accounts/accountDefinitions';
import { LocalService } from './accounts/localService';
import { registerAccountCommands } from './commands/accountCommands';
import { registerCreationCommands } from './commands/creationCommands';
import { registerDeleteCommands } from './commands/deleteCommands';
import { registerEndpointCommands } from './commands/endpointCommands';
import { registerKeyCommands } from './commands/keyCommands';
import { watchModelFolders } from './commands/modelFolders';
import { registerServiceCommands } from './commands/serviceCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { ResourceChanges } from './core/resourceChanges';
import { JobAccess } from './jobs/jobAccess';
import { registerJobCommands } from './jobs/jobCommands';
import type { JobEndings } from './jobs/jobEndings';
import { showJobProgress, treeJobs } from './jobs/jobsInTree';
import { jobsStatusBar } from './jobs/jobsStatusBar';
import { JobTracker } from './jobs/jobTracker';
import { announceFinishedOperations } from './operations/operationNotifications';
import { operationsStatusBar } from './operations/operationsStatusBar';
import { OperationTracker } from './operations/operationTracker';
import { OpenPanels } from './panels/openPanels';
import { BuildLogFollowers } from './logs/buildLogFollowers';
import { registerLogCommands } from './logs/registerLogCommands';
import { ServiceLogFollowers } from './logs/serviceLogFollowers';
import { registerPanelCommands } from './panels/registerPanelCommands';
import { registerResourceDocuments } from './resources/openResource';
import { AccountRequestData } from './requests/accountRequestData';
import { registerRequestCommands } from './requests/registerRequestCommands';
import type { ExtensionServices } from './extensionServices';
import { ModelbayTreeProvider } from './tree/modelbayTreeProvider';

/** What activate returns: the services, for integration tests and other extensions. */
export type ModelbayExtensionApi = Pick<ExtensionServices, 'connections' | 'tree' | 'operations' | 'local' | 'requestData' | 'changes' | 'jobs'> & {
  /** What became of the batch jobs that ended in this window. */
  jobEndings: JobEndings;
  /** The service logs and build logs followed in this window. */
  serviceLogs: ServiceLogFollowers;
  buildLogs: BuildLogFollowers;
  /** How long activate took, in milliseconds (what the activation benchmark reports). */
  activationMs: number;
};

/** Wires the extension: builds the services once and registers views and commands. Nothing heavy runs here. */
export function activate(context: vscode.ExtensionContext): ModelbayExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Modelbay', { log: true });
  const local = new LocalService(path.join(context.globalStorageUri.fsPath, 'local-service'), context.asAbsolutePath(path.join('dist', 'server.js')), log);
  const connections = new AccountConnections(new AccountDefinitions(context.globalState, context.secrets), local, context.secrets);
  const requestData = new AccountRequestData(context.secrets, context.globalState);
  const jobAccess = new JobAccess(connections, requestData);
  const jobs = new JobTracker((job) => jobAccess.forJob(job).then(({ client }) => client), context.globalState, log);
  const tree = new ModelbayTreeProvider(connections, treeJobs(jobAccess, jobs), new CallerRoles(context.globalState));
  const operations = new OperationTracker(connections, context.globalState, log);
  const changes = new ResourceChanges();
  const services: ExtensionServices = { context, log, connections, local, tree, operations, jobs, jobAccess, requestData, changes, panels: new OpenPanels() };

  const serviceLogs = new ServiceLogFollowers((accountId) => connections.connect(accountId), log);
  const buildLogs = new BuildLogFollowers((accountId) => connections.connect(accountId), log);
  context.subscriptions.push(serviceLogs, buildLogs);

  const view = vscode.window.createTreeView('modelbay.accounts', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(log, local, operations, view, operationsStatusBar(operations), announceFinishedOperations(services));
  context.subscriptions.push(changes, changes.followOperations(operations));
  context.subscriptions.push(jobs, jobsStatusBar(jobs), showJobProgress(tree, jobs));
  context.subscriptions.push(local.onDidChange(() => tree.reload()), watchModelFolders(log));
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('modelbay') && tree.reload()));

  registerTreeCommands(services);
  registerAccountCommands(services);
  registerCreationCommands(services);
  registerDeleteCommands(services);
  registerServiceCommands(services);
  registerKeyCommands(services);
  registerEndpointCommands(services);
  registerResourceDocuments(services, buildLogs);
  registerLogCommands(services, serviceLogs);
  registerRequestCommands(services);
  registerPanelCommands(services);
  const jobEndings = registerJobCommands(services);

  operations.resume();
  jobs.resume();
  const activationMs = performance.now() - started;
  log.info(`Modelbay activated in ${activationMs.toFixed(1)} ms`);
  return { connections, tree, operations, jobs, jobEndings, local, requestData, changes, serviceLogs, buildLogs, activationMs };
}

/** Everything activate made is disposed through context.subscriptions (LocalService's dispose stops its child). */
export function deactivate(): void {
  // nothing beyond the subscriptions
}
