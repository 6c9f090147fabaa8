import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Image, Manifest, Model } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { requires } from '../auth/accessRule';
import { ApiError } from '../errors';
import type { DeleteOutcome } from '../store/repositories';
import { ACCOUNT_ROUTE, AccountParams, IdParam, resolveAccount } from './accountScope';

interface Deletable {
  /** The path segment under an account: `models`, `manifests`, `images`. */
  segment: string;
  /** The resource's name in codes and messages: `Model` gives `ModelInUse`, "model iris:2". */
  kind: string;
  remove: (context: ServiceContext, account: string, id: string) => Promise<DeleteOutcome<{ name: string; version: number }>>;
  /** What a 200 answers: the deleted resource. */
  schema: TSchema;
  /** The call in words, for a caller whose role is not enough. */
  action: string;
}

const DELETABLE: Deletable[] = [
  { segment: 'models', kind: 'Model', remove: (c, a, id) => c.store.models.delete(a, id), schema: Model, action: 'delete a model' },
  { segment: 'manifests', kind: 'Manifest', remove: (c, a, id) => c.store.manifests.delete(a, id), schema: Manifest, action: 'delete a manifest' },
  { segment: 'images', kind: 'Image', remove: (c, a, id) => c.store.images.delete(a, id), schema: Image, action: 'delete an image' },
];

/**
 * DELETE on models, manifests and images: 200 with the deleted resource, 204 when it is absent (the API's
 * contract), 409 `<Kind>InUse` naming what still uses it (a manifest citing the model, an image of the manifest,
 * a service or pinned endpoint running the image, a build under way), so nothing running loses its parts.
 */
export function deleteRoutes(app: FastifyInstance, context: ServiceContext): void {
  for (const { segment, kind, remove, schema, action } of DELETABLE) {
    app.delete<{ Params: AccountParams & { id: string } }>(
      `${ACCOUNT_ROUTE}/${segment}/:id`,
      { config: requires('Contributor', action), schema: { params: Type.Composite([AccountParams, Type.Object({ id: IdParam })]), response: { 200: schema, 204: Type.Null() } } },
      async (request, reply) => {
        const account = await resolveAccount(context, request.params);
        const outcome = await remove(context, account.key, request.params.id);
        if (outcome.kind === 'absent') return reply.status(204).send();
        if (outcome.kind === 'inUse') {
          const what = `${kind.toLowerCase()} ${outcome.doc.name}:${outcome.doc.version}`;
          throw new ApiError(409, `${kind}InUse`, `The ${what} is still used by ${outcome.usedBy.join(', ')}; delete those first.`, outcome.usedBy.map((user) => ({ code: 'UsedBy', message: user })));
        }
        return reply.status(200).send(outcome.doc);
      },
    );
  }
}
