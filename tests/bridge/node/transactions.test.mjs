// Transaction id bookkeeping (alchemi/bridge/transactions.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTransactionRegistry, transactionNotFound } from '../../../alchemi/bridge/transactions.mjs';

test('only issued ids are known', () => {
  const registry = createTransactionRegistry();
  registry.issued('cabc', 5000);
  assert.equal(registry.isKnown('cabc'), true);
  assert.equal(registry.isKnown('nope'), false);
  assert.equal(registry.isKnown(undefined), false);
  assert.equal(transactionNotFound().error_code, 'P2028');
});

test('old, surely closed ids are forgotten; open ones are kept', () => {
  let now = 0;
  const registry = createTransactionRegistry({ now: () => now });
  registry.issued('long', 10 ** 9); // open for a very long time
  for (let i = 0; i < 10_100; i++) registry.issued(`t${i}`, 1000);
  assert.equal(registry.isKnown('long'), true); // the oldest is still open: nothing is dropped
  now = 10 ** 10;
  registry.issued('late', 1000);
  assert.equal(registry.isKnown('long'), false);
  assert.ok(registry.size <= 10_000);
  assert.equal(registry.isKnown('late'), true);
});
