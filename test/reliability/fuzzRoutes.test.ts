import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { API_VERSION } from '../../src/api/apiVersion';
import { DEFAULTS } from '../../src/server/config';
import { startService } from '../../src/server/startService';
import { collect } from '../../src/api/client';
import { buildImage, deployImage, sampleFile, type Deployed } from '../server/helpers/deploy';
import { startServiceProcess, type ServiceProcess } from '../server/helpers/serviceProcess';
import { describeFailures, fuzzRoute, printTallies, type FuzzTarget, type RouteTally } from './fuzz/fuzzRunner';
import { bareRoute, requestsFor, routeShape, routesOf, type KnownValues } from './fuzz/routeInputs';
import { resolverFor } from './fuzz/schemaArbitrary';
import { sendRaw, type RawAnswer } from './fuzz/sendRaw';
import { StoreFingerprint } from './fuzz/storeFingerprint';
import { fuzzRuns, fuzzSeed } from './fuzz/runs';

// Issue 15, item 1: every route of the service's own OpenAPI documents (the management API's, made from the routes
// as registered, so a new route is fuzzed without a line here; and a deployed endpoint's: scoring, RRS, BES), inputs
// generated from their schemas, valid and then broken. What must hold: no 5xx, the service up, the store unchanged
// by every refused call, and no concurrency slot of the endpoint left taken.

const ACCOUNT = '/api/subscriptions/local/resourceGroups/local/accounts/default';

describe('reliability: fuzzing every route, management and data plane', function () {
  this.timeout(0);
  let service: ServiceProcess;
  let fingerprint: StoreFingerprint;
  let deployed: Deployed;
  let known: KnownValues;
  /** The routes the two OpenAPI documents list, as routeShape writes them: the third test fuzzes every other one. */
  const documented = new Set<string>();

  before(async () => {
    service = await startServiceProcess();
    const account = service.account;
    const image = await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } });
    deployed = await deployImage(account, image, 'iris');
    const models = await collect(account.iterateModels());
    const manifests = await collect(account.iterateManifests());
    const deployments = await account.services.deployments();
    const asset = await account.uploadAsset('fuzz.bin', Buffer.from('fuzz'));
    known = {
      byKind: {
        subscriptions: ['local'],
        resourceGroups: ['local'],
        accounts: ['default'],
        models: models.map((m) => m.id),
        manifests: manifests.map((m) => m.id),
        images: [image.id],
        services: [deployed.service.id],
        endpoints: ['default'],
        deployments: deployments.map((d) => d.id),
        operations: image.operationId ? [image.operationId] : [],
        assets: [asset.id],
      },
      fixedQuery: { 'api-version': API_VERSION },
      // A model's and a manifest's bodies name an uploaded file and registered models: with real ones, valid inputs
      // get past the lookups and are registered. (Not a manifest for an image or an image for a service: thousands
      // of builds and running replicas would measure the machine, not the routes.)
      // A manifest's driver is one of its assets, by id (`id` elsewhere is read-only and ignored).
      fields: { url: [asset.url], modelIds: [models.map((m) => m.id)], driverProgram: ['score.py'], id: ['score.py'] },
    };
    fingerprint = new StoreFingerprint(service.dataDir);
    // The check can fail: a write is seen.
    const before = fingerprint.take();
    assert.equal(fingerprint.since(before).kept, true, 'nothing written: the store is as it was');
    await account.registerModel({ name: 'seen', mimeType: 'application/octet-stream', url: asset.url });
    assert.equal(fingerprint.since(before).kept, false, 'a registered model is seen');
  });
  after(async () => {
    fingerprint?.close();
    await service?.stop();
  });

  /**
   * The deployed model as it was deployed: valid inputs of the management fuzzing may have scaled its service (to 0
   * replicas, or by an autoscaler), suspended or limited its endpoint, or pinned it. Undone before the data plane is
   * fuzzed, which needs replicas answering.
   */
  const restoreDeployed = async () => {
    const services = service.account.services;
    const original = deployed.service;
    await services.updateAndWait(original.id, {
      imageId: original.imageId,
      numReplicas: original.numReplicas ?? 1,
      autoScaler: { autoscaleEnabled: false },
      maxConcurrentRequestsPerContainer: original.maxConcurrentRequestsPerContainer,
      scoringTimeoutMs: original.scoringTimeoutMs,
    });
    await services.updateEndpoint(original.id, 'default', { state: 'Active', rateLimit: null, quota: null, imageId: null, maxConcurrentCalls: 20 });
  };

  const target = (credential = service.token): FuzzTarget => ({
    origin: service.url,
    headers: { Authorization: `Bearer ${credential}` },
    fingerprint,
    settle: async (answer: RawAnswer) => {
      const location = answer.headers['operation-location'];
      if (answer.status !== 202 || typeof location !== 'string') return;
      const path = new URL(location).pathname + new URL(location).search;
      for (let i = 0; i < 600; i++) {
        const state = await sendRaw(service.url, { method: 'GET', target: path, headers: { Authorization: `Bearer ${service.token}` } });
        if (!/"state":"(NotStarted|Running)"/.test(state.text)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    alive: async () => (await fetch(`${service.url}/healthz`).catch(() => undefined))?.status === 200,
  });

  it(`management: ${fuzzRuns()} generated inputs to each route: no 5xx, the service up, nothing of a refused call kept`, async () => {
    const document = (await (await fetch(`${service.url}${ACCOUNT}/swagger.json?api-version=${API_VERSION}`, { headers: { Authorization: `Bearer ${service.token}` } })).json()) as Parameters<typeof routesOf>[0];
    const resolve = resolverFor(document as never);
    const routes = routesOf(document);
    assert.ok(routes.length >= 40, `the document lists the routes (${routes.length})`);
    for (const route of routes) documented.add(routeShape(route.method, route.template));
    const seed = fuzzSeed();
    const tallies: RouteTally[] = [];
    // Deletes last: what they remove (when a generated id happens to exist) is what the others read.
    const ordered = [...routes.filter((r) => r.method !== 'DELETE'), ...routes.filter((r) => r.method === 'DELETE')];
    for (const route of ordered) {
      const name = `${route.method} ${route.template.replace(/^\/api\/subscriptions\/\{subscriptionId\}\/resourceGroups\/\{resourceGroupName\}\/accounts/, '…')}`;
        tallies.push(await fuzzRoute(name, requestsFor(route, known, resolve), fuzzRuns(), seed, target()));
    }
    printTallies(`Fuzzing the management API (seed ${seed}; MODELBAY_FUZZ_SEED=${seed} repeats it)`, tallies);
    assert.equal(describeFailures(tallies), '', 'every input answered below 500, the store kept by every refusal');
    assert.ok(await target().alive(), 'the service still answers');
    // The deployed model still scores once what the fuzzing set on purpose (a scale, a suspension, limits) is undone.
    await restoreDeployed();
    const endpoint = await service.account.services.endpoint(deployed.service.id, 'default');
    const keys = await service.account.services.keys(deployed.service.id);
    const scored = await fetch(endpoint.scoringUri, { method: 'POST', headers: { Authorization: `Bearer ${keys.primaryKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2]] }) });
    assert.equal(scored.status, 200, await scored.text());
  });
  it(`data plane: ${fuzzRuns()} generated inputs to each route of a deployed endpoint: no 5xx, no slot left taken`, async () => {
    const services = service.account.services;
    // What the management fuzzing may have set (a service scaled to 0, a suspension, a tiny rate limit) is undone first.
    await restoreDeployed();
    const endpoint = await services.endpoint(deployed.service.id, 'default');
    const keys = await services.keys(deployed.service.id);
    const document = (await (await fetch(`${endpoint.scoringUri}/swagger.json`, { headers: { Authorization: `Bearer ${keys.primaryKey}` } })).json()) as Parameters<typeof routesOf>[0];
    const resolve = resolverFor(document as never);
    const routes = routesOf(document);
    assert.ok(routes.length >= 8, `the endpoint's document lists its routes (${routes.length})`);
    for (const route of routes) documented.add(routeShape(route.method, route.template));
    const seed = fuzzSeed();
    const tallies: RouteTally[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.template.replace(/[0-9a-f]{32}/, '{ws}').replace(/[0-9a-f-]{36}/, '{endpoint}')}`;
      tallies.push(await fuzzRoute(name, requestsFor(route, { byKind: {}, fixedQuery: {} }, resolve), fuzzRuns(), seed, target(keys.primaryKey)));
    }
    printTallies(`Fuzzing a deployed endpoint's routes (seed ${seed}; MODELBAY_FUZZ_SEED=${seed} repeats it)`, tallies);
    assert.equal(describeFailures(tallies), '', 'every input answered below 500, the store kept by every refusal');
    // No slot left taken: a call now finds every place but its own free.
    const scored = await fetch(endpoint.scoringUri, { method: 'POST', headers: { Authorization: `Bearer ${keys.primaryKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2]] }) });
    assert.equal(scored.status, 200, await scored.text());
    const limit = endpoint.maxConcurrentCalls ?? 20;
    assert.match(scored.headers.get('ratelimit') ?? '', new RegExp(`"concurrency";r=${limit - 1}\\b`), `every slot but this call's free: ${scored.headers.get('ratelimit')}`);
  });
  it(`every other route the service has (from its own route list): ${fuzzRuns()} inputs each, no 5xx`, async () => {
    // The service's routes, read from a service started here for the purpose: none may be left out of the fuzzing.
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-routes-'));
    const listing = await startService({ ...DEFAULTS, dataDir, port: 0, allowedUrlPrefixes: [] });
    const every = [...listing.app.routeCatalogue.everyRoute()];
    await listing.close();
    await fs.rm(dataDir, { recursive: true, force: true });
    assert.ok(documented.size > 0, 'the two tests above ran first');
    const others = every.filter((r) => !documented.has(routeShape(r.method, r.url)));
    assert.ok(others.length >= 5 && others.length < every.length / 2, `the undocumented routes: ${others.map((r) => `${r.method} ${r.url}`).join(', ')}`);
    const endpoint = await service.account.services.endpoint(deployed.service.id, 'default');
    const keys = await service.account.services.keys(deployed.service.id);
    const workspace = /\/workspaces\/([^/]+)\//.exec(endpoint.rrsUri)?.[1] ?? 'ws';
    const asset = await service.account.uploadAsset('out.csv', Buffer.from('a,b\r\n1,2\r\n'));
    const values: KnownValues = {
      byKind: { score: [endpoint.id], workspaces: [workspace], services: [endpoint.id], downloads: ['local'], resourceGroupName: ['local'], accountName: ['default'], assetId: [asset.id], fileName: ['out.csv'] },
      fixedQuery: {},
    };
    const seed = fuzzSeed();
    const tallies: RouteTally[] = [];
    for (const route of others) tallies.push(await fuzzRoute(`${route.method} ${route.url}`, requestsFor(bareRoute(route.method, route.url), values, resolverFor({})), fuzzRuns(), seed, target(keys.primaryKey)));
    printTallies(`Fuzzing the routes no OpenAPI document lists (seed ${seed})`, tallies);
    assert.equal(describeFailures(tallies), '', 'every input answered below 500');
    assert.ok(await target().alive(), 'the service still answers');
  });
});
