'use strict';
/* global require */
// Preloaded into a service process under test (NODE_OPTIONS=--require): every name under blob.core.windows.net
// resolves to 127.0.0.1, as a storage account behind a private endpoint would, so the service's refusal of
// storage hosts that resolve to private or loopback addresses can be seen without touching the machine's DNS.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- preloaded with --require: CommonJS
const dns = require('node:dns');

const FAKE = /\.blob\.core\.windows\.net$/i;
const answer = (options) => (options && options.all ? [{ address: '127.0.0.1', family: 4 }] : { address: '127.0.0.1', family: 4 });

const lookup = dns.lookup;
dns.lookup = function fakeLookup(hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'function' ? {} : typeof options === 'number' ? { family: options } : options || {};
  if (!FAKE.test(hostname)) return lookup.call(dns, hostname, options, callback);
  const found = answer(opts);
  process.nextTick(() => (opts.all ? cb(null, found) : cb(null, found.address, found.family)));
  return undefined;
};

const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function fakePromisesLookup(hostname, options) {
  if (!FAKE.test(hostname)) return promisesLookup.call(dns.promises, hostname, options);
  return Promise.resolve(answer(typeof options === 'object' ? options : {}));
};
