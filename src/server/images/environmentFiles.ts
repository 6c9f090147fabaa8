/**
 * The environment files a manifest's `targetRuntime.properties` may name, as the official CLI sent them: each
 * property's value is the URL of the file (an asset of this service, or an allow-listed address) or the id of one
 * of the manifest's assets. A file given by URL is placed at `env/<file name>` in the image.
 */
export const ENVIRONMENT_FILES = {
  pipRequirements: 'requirements.txt',
  condaEnvFile: 'conda_dependencies.yml',
} as const;

export type EnvironmentProperty = keyof typeof ENVIRONMENT_FILES;

export const ENVIRONMENT_PROPERTIES = Object.keys(ENVIRONMENT_FILES) as EnvironmentProperty[];

/** Where an environment file is in the image, relative to its root: an asset in app/, or a fetched file in env/. */
export function environmentFilePath(property: EnvironmentProperty, value: string, assetIds: readonly string[]): string {
  return assetIds.includes(value) ? `app/${value}` : `env/${ENVIRONMENT_FILES[property]}`;
}
