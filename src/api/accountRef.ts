/** Addresses one account: the three path segments of the Model Management API's base path. */
export interface AccountRef {
  subscriptionId: string;
  resourceGroupName: string;
  accountName: string;
}

/** The account every Modelbay service creates on its first start. */
export const DEFAULT_ACCOUNT: AccountRef = Object.freeze({
  subscriptionId: 'local',
  resourceGroupName: 'local',
  accountName: 'default',
});

/** `/api/subscriptions/{s}/resourceGroups/{rg}/accounts` (the collection the account lives in). */
export function accountsCollectionPath(subscriptionId: string, resourceGroupName: string): string {
  return `/api/subscriptions/${encodeURIComponent(subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroupName)}/accounts`;
}

/** `/api/subscriptions/{s}/resourceGroups/{rg}/accounts/{a}`: the base path of every account-scoped route. */
export function accountPath(ref: AccountRef): string {
  return `${accountsCollectionPath(ref.subscriptionId, ref.resourceGroupName)}/${encodeURIComponent(ref.accountName)}`;
}
