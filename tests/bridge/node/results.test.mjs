// JSON-protocol results -> native GraphQL-protocol results (alchemi/bridge/results.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeValue, rawResponseText, toNativeBatchResponse, toNativeResponse } from '../../../alchemi/bridge/results.mjs';

test('typed values become what the native engine returns', () => {
  assert.deepEqual(decodeValue({
    id: 'x', n: 1, f: 1.5, list: ['a'],
    at: { $type: 'DateTime', value: '2024-01-02T01:04:05.000Z' },
    big: { $type: 'BigInt', value: '1152921504606846977' },
    dec: { $type: 'Decimal', value: '12.50' },
    bytes: { $type: 'Bytes', value: 'aGk=' },
    json: { $type: 'Json', value: '{"$type":"Json","value":"inner"}' },
    rel: [{ at: { $type: 'DateTime', value: '2024-01-01T00:00:00.000Z' } }],
    none: null,
  }), {
    id: 'x', n: 1, f: 1.5, list: ['a'], at: '2024-01-02T01:04:05.000Z', big: '1152921504606846977', dec: 12.5,
    bytes: 'aGk=', json: '{"$type":"Json","value":"inner"}', rel: [{ at: '2024-01-01T00:00:00.000Z' }], none: null,
  });
});

test('the root field becomes `result`; errors pass through', () => {
  assert.deepEqual(toNativeResponse({ data: { findUniqueTeam: { big: { $type: 'BigInt', value: '1' } } } }, { raw: false }),
    { data: { result: { big: '1' } } });
  assert.deepEqual(toNativeResponse({ data: { findUniqueTeam: null } }, { raw: false }), { data: { result: null } });
  const errors = { errors: [{ error: 'e', user_facing_error: { error_code: 'P2002' } }] };
  assert.equal(toNativeResponse(errors, { raw: false }), errors);
});

test('raw results are left alone', () => {
  const raw = { columns: ['j'], types: ['json'], rows: [[{ $type: 'Json', value: 'x' }]] };
  assert.deepEqual(toNativeResponse({ data: { queryRaw: raw } }, { raw: true }), { data: { result: raw } });
  const text = '{"data":{"queryRaw":{"columns":["n"],"types":["json"],"rows":[[{"big":1152921504606846977}]]}}}';
  assert.equal(rawResponseText(text), '{"data":{"result":{"columns":["n"],"types":["json"],"rows":[[{"big":1152921504606846977}]]}}}');
  assert.equal(rawResponseText('{"data":{"executeRaw":3}}'), '{"data":{"result":3}}');
  assert.equal(rawResponseText('{"errors":[]}'), null);
});

test('batch results', () => {
  const response = { batchResult: [{ data: { updateOneTeam: { at: { $type: 'DateTime', value: 'd' } } } }, { data: { executeRaw: 1 } }] };
  assert.deepEqual(toNativeBatchResponse(response, [{ raw: false }, { raw: true }]), {
    batchResult: [{ data: { result: { at: 'd' } } }, { data: { result: 1 } }],
  });
  const failed = { batchResult: [], errors: [{ error: 'x' }] };
  assert.deepEqual(toNativeBatchResponse(failed, []), failed);
});
