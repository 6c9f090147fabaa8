// What the integration tests share: the extension's API, the samples, and reading the tree the way a user does.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelbayExtensionApi } from '../../../src/extension/extension';
import type { TreeNode } from '../../../src/extension/tree/treeNode';

/** The integration bundles run from out/integration/, two folders below the repository. */
export const REPO = path.resolve(__dirname, '../..');
export const SAMPLE_ONNX = path.join(REPO, 'samples/onnx-classifier/iris-classifier.onnx');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function modelbayApi(): Promise<ModelbayExtensionApi> {
  const extension = vscode.extensions.getExtension<ModelbayExtensionApi>('modelbay.modelbay');
  assert.ok(extension, 'the Modelbay extension is installed');
  return extension.activate();
}

export const labelOf = (node: TreeNode) => {
  const { label } = node.getTreeItem();
  return typeof label === 'object' ? label.label : (label ?? '');
};
/** A row's contextValue without the caller's role on its account (`@owner` on the Local account's rows). */
export const contextOf = (node: TreeNode) => String(node.getTreeItem().contextValue).replace(/@(reader|contributor|owner|unknown)$/, '');

/** Walks the tree by row labels from the root (or from `start`), failing with what was there instead. */
export async function findNode(modelbay: ModelbayExtensionApi, labels: string[], start?: TreeNode): Promise<TreeNode> {
  let node = start;
  for (const label of labels) {
    const children = await modelbay.tree.getChildren(node);
    const found = children.find((c) => labelOf(c) === label);
    assert.ok(found, `no "${label}" under ${node ? labelOf(node) : 'the root'}: ${children.map(labelOf).join(', ')}`);
    node = found;
  }
  return node!;
}
