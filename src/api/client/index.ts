export * from './accountClient';
export * from './errors';
export * from './httpClient';
export * from './modelbayClient';
export * from './paging';
export * from './polling';
export * from './serviceClient';
