import { ErrorNode, LoadMoreNode, MessageNode } from './messageNodes';
import type { Pager } from './pager';
import type { TreeContext, TreeNode } from './treeNode';

/**
 * The children of a paged node: the loaded items as nodes, a "Load more..." row while the service has more, a
 * quiet row when there is nothing to show, or one error row with the service's words when loading failed.
 */
export async function pagedChildren<T>(
  parent: TreeNode,
  pager: Pager<T>,
  tree: TreeContext,
  render: (items: T[]) => TreeNode[],
  empty?: string,
): Promise<TreeNode[]> {
  try {
    const { items, hasMore } = await pager.current();
    const nodes = render(items);
    if (hasMore) nodes.push(new LoadMoreNode(parent, pager, tree));
    if (nodes.length === 0 && empty) nodes.push(new MessageNode(parent, tree.filter ? `Nothing matches "${tree.filter}"` : empty));
    return nodes;
  } catch (error) {
    pager.reset();
    return [new ErrorNode(parent, error)];
  }
}
