import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DRIVER_MODES, isDriverMode, type DriverMode } from './runtime/sandbox/driverMode';

export interface JwtSettings {
  /** Expected `iss`, e.g. https://login.example/{tenant}/v2.0 */
  issuer: string;
  /** Expected `aud` (a string or one of several). */
  audience: string | string[];
  /** Where the signing keys are; discovered from the issuer's openid-configuration when absent. */
  jwksUri?: string;
}

export interface ServiceConfig {
  dataDir: string;
  host: string;
  port: number;
  /** The URL clients reach the service at, when it differs from the listen address (a proxy in front). */
  publicUrl?: string;
  jwt?: JwtSettings;
  /** URL prefixes a model or manifest asset may cite besides this service's own asset URLs. */
  allowedUrlPrefixes: string[];
  /** Storage URL prefixes batch jobs may read and write besides Azure's public blob endpoints (e.g. an emulator). */
  allowedStorageUrlPrefixes?: string[];
  maxAssetBytes: number;
  maxJsonBytes: number;
  /** Largest scoring request body. */
  maxScoringBytes: number;
  /** How long an instance's lease on an operation or batch job lasts unless renewed (config.json leaseSeconds). */
  leaseMs?: number;
  /** Azure Blob Storage for assets and images, shared by several instances; absent: the data folder. */
  blobs?: BlobStorageSettings;
  /** A postgres:// URL: the store is that PostgreSQL database, shared by several instances; absent: SQLite in dataDir. */
  store?: string;
  /** Days the store keeps per-minute usage (default 30). */
  usageRetentionDays?: number;
  /** What one endpoint's request log keeps at most: records and bytes (defaults 1,000 and 4 MiB). */
  requestLogMaxRecords?: number;
  requestLogMaxBytes?: number;
  /** How Python and Node drivers run: confined in a bubblewrap sandbox (absent: confined) or with the service's rights. */
  drivers?: DriverMode;
}

export interface BlobStorageSettings {
  /** An Azure Storage connection string (Azurite's for a laptop). It holds the account key: never logged. */
  connectionString: string;
  /** Created when missing; `modelbay` unless configured. */
  container: string;
}

/** `<data>/config.json`: settings a team keeps with its data; command-line flags win over it. */
export interface ConfigFile {
  publicUrl?: string;
  jwt?: JwtSettings;
  allowedUrlPrefixes?: string[];
  allowedStorageUrlPrefixes?: string[];
  maxAssetBytes?: number;
  maxJsonBytes?: number;
  maxScoringBytes?: number;
  /** Seconds a dead instance's operations and jobs wait before another instance takes them over (default 15). */
  leaseSeconds?: number;
  /** Azure Storage connection string: assets and images in Azure Blob Storage instead of the data folder. */
  blobs?: string;
  /** The container within that account (default `modelbay`). */
  blobsContainer?: string;
  /** A postgres:// URL: the store in PostgreSQL instead of the SQLite file in the data folder. */
  store?: string;
  usageRetentionDays?: number;
  requestLogMaxRecords?: number;
  requestLogMaxBytes?: number;
  /** `confined` (the default) or `unconfined` (a service one person owns). */
  drivers?: DriverMode;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  maxAssetBytes: 2 * 1024 * 1024 * 1024,
  maxJsonBytes: 4 * 1024 * 1024,
  maxScoringBytes: 16 * 1024 * 1024,
  usageRetentionDays: 30,
  requestLogMaxRecords: 1000,
  requestLogMaxBytes: 4 * 1024 * 1024,
} as const;

export async function readConfigFile(dataDir: string): Promise<ConfigFile> {
  const file = path.join(dataDir, 'config.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} must hold a JSON object`);
  }
  const config = parsed as ConfigFile;
  for (const key of ['allowedUrlPrefixes', 'allowedStorageUrlPrefixes'] as const) {
    const prefixes = config[key];
    if (prefixes === undefined) continue;
    if (!Array.isArray(prefixes) || prefixes.some((p) => typeof p !== 'string')) {
      throw new Error(`${file}: ${key} must be an array of strings`);
    }
    for (const prefix of prefixes) {
      const url = new URL(prefix);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${file}: ${prefix} is not an http(s) URL`);
    }
  }
  if (config.store !== undefined && (typeof config.store !== 'string' || !/^postgres(ql)?:\/\//i.test(config.store))) {
    throw new Error(`${file}: store must be a postgres:// URL`);
  }
  for (const key of ['blobs', 'blobsContainer'] as const) {
    if (config[key] !== undefined && (typeof config[key] !== 'string' || config[key] === '')) throw new Error(`${file}: ${key} must be a non-empty string`);
  }
  for (const key of ['usageRetentionDays', 'requestLogMaxRecords', 'requestLogMaxBytes'] as const) {
    const value = config[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) throw new Error(`${file}: ${key} must be a whole number above 0`);
  }
  const lease = config.leaseSeconds;
  if (lease !== undefined && (typeof lease !== 'number' || !Number.isInteger(lease) || lease < 1 || lease > 300)) {
    throw new Error(`${file}: leaseSeconds must be a whole number of seconds from 1 to 300`);
  }
  if (config.drivers !== undefined && !isDriverMode(config.drivers)) {
    throw new Error(`${file}: drivers must be one of ${DRIVER_MODES.map((m) => `"${m}"`).join(', ')}`);
  }
  if (config.jwt !== undefined && (typeof config.jwt.issuer !== 'string' || config.jwt.audience === undefined)) {
    throw new Error(`${file}: jwt needs "issuer" and "audience"`);
  }
  return config;
}
