import * as vscode from 'vscode';
import type { Image, ServiceResponse } from '../../../api/schemas';
import type { Connection } from '../../accounts/accountConnections';
import { required } from '../../core/registerCommand';

/**
 * The image to roll a service to: every built image, the one it runs now marked "current" and listed first, then
 * the images of the same name (newest first), then the others. Undefined when the current one is picked again.
 */
export async function pickImageChange(connection: Connection, service: ServiceResponse): Promise<Image | undefined> {
  const built = (await connection.account.listImages({ count: 200 })).value.filter((i) => i.creationState === 'Succeeded');
  if (built.length === 0) throw new Error('There is no built image: create one first.');
  const current = built.find((i) => i.id === service.imageId);
  const sameName = built.filter((i) => i !== current && i.name === current?.name).sort((a, b) => b.version - a.version);
  const others = built.filter((i) => i !== current && !sameName.includes(i));
  const item = (i: Image) => ({
    label: `${i === current ? '$(check) ' : ''}${i.name}:${i.version}`,
    description: [i === current ? 'current' : undefined, i.manifest.targetRuntime.runtimeType, new Date(i.createdTime).toLocaleString()].filter(Boolean).join(' · '),
    image: i,
  });
  const picked = required(
    await vscode.window.showQuickPick([...(current ? [current] : []), ...sameName, ...others].map(item), {
      title: `Update ${service.name}: image`,
      placeHolder: current ? `Runs ${current.name}:${current.version} now` : undefined,
      ignoreFocusOut: true,
      matchOnDescription: true,
    }),
  );
  return picked.image === current ? undefined : picked.image;
}
