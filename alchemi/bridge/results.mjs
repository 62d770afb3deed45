// JSON-protocol responses -> what the native engine, speaking GraphQL, returns to
// prisma-client-py.
//
// The data is the same except for typed values, which the JSON protocol wraps as
// `{ "$type": "...", "value": ... }`. The GraphQL protocol writes them bare:
//   DateTime -> ISO string          "2024-01-02T01:04:05.000Z"
//   BigInt   -> decimal string      "1152921504606846977"
//   Decimal  -> JSON number         12.5 (a double, as the native engine does)
//   Bytes    -> base64 string
//   Json     -> the JSON text as a string, which prisma-client-py parses
// and the root field is aliased `result` (prisma-client-py reads `data.result`).
// Raw query results (`{ columns, types, rows }`) are identical in both protocols and pass
// through untouched, as text: parsing them in JS would round integers beyond 2^53 inside json
// columns, and decoding them would mangle a json value that looks like a typed value.

/** Replace typed-value wrappers in a model result by their native-engine form. */
export function decodeValue(value) {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value === null || typeof value !== 'object') return value;
  if (typeof value.$type === 'string' && 'value' in value) {
    return value.$type === 'Decimal' ? Number(value.value) : value.value;
  }
  const out = {};
  for (const key of Object.keys(value)) out[key] = decodeValue(value[key]);
  return out;
}

const RAW_RESULT = /^\{"data":\{"(?:queryRaw|executeRaw)":/;

/**
 * The native response text for the engine's response text to a raw query, or null when the
 * response is not a result (an error) and must go through `toNativeResponse`.
 */
export function rawResponseText(text) {
  const m = RAW_RESULT.exec(text);
  return m ? `{"data":{"result":${text.slice(m[0].length)}` : null;
}

/**
 * Convert one engine response (`{ data }` or `{ errors }`) for a query that was translated
 * with `raw` set or not (see translate.mjs).
 */
export function toNativeResponse(response, { raw }) {
  if (!response.data) return response;
  const [result] = Object.values(response.data);
  return { data: { result: raw ? result : decodeValue(result) } };
}

/** Convert a batch response: each entry like a single one, errors of the batch as they are. */
export function toNativeBatchResponse(response, kinds) {
  if (!Array.isArray(response.batchResult)) return response;
  return { ...response, batchResult: response.batchResult.map((r, i) => toNativeResponse(r, kinds[i])) };
}
