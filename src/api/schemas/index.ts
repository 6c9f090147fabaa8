export * from './common';
export * from './account';
export * from './asset';
export * from './model';
export * from './manifest';
export * from './operation';
export * from './image';
