export * from './codes.js';
export * from './format.js';
export * from './frames.js';
export * from './limits.js';
export * from './link.js';
export * from './OpenKwargs.js';
export * from './outboundDecoder.js';
export * from './schemaCheck.js';
