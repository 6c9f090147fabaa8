import * as vscode from 'vscode';
import type { DeployFormPreset } from '../panels/deployPanel';
import { nodeRefOf } from '../tree/nodeRef';

/**
 * What the Deploy form opens with: a right-clicked file or folder, a tree row (its account, and the model when it is
 * a model version), or `{accountId, modelId}` (the Register Model form's "Deploy it").
 */
export function deployFormPresetOf(target: unknown): DeployFormPreset {
  if (target instanceof vscode.Uri) return { source: target };
  const ref = nodeRefOf(target);
  if (ref) return { accountId: ref.account.id, modelId: ref.kind === 'model' ? ref.resource.id : undefined };
  if (typeof target === 'object' && target !== null && 'accountId' in target && typeof target.accountId === 'string') {
    return { accountId: target.accountId, modelId: 'modelId' in target && typeof target.modelId === 'string' ? target.modelId : undefined };
  }
  return {};
}
