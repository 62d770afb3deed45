// Bridge metrics (alchemi/bridge/metrics.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStats, recordQuery, renderMetrics } from '../../../alchemi/bridge/metrics.mjs';

const pool = { totalCount: 3, idleCount: 1, waitingCount: 2 };

test('json: the shape prisma-client-py reads', () => {
  const stats = createStats();
  recordQuery(stats, 0.5);
  recordQuery(stats, 70);
  recordQuery(stats, 99999);
  const [type, body] = renderMetrics(stats, pool, { format: 'json', globalLabels: { a: 'b' } });
  assert.equal(type, 'application/json');
  const metrics = JSON.parse(body);
  const value = (list, key) => metrics[list].find((m) => m.key === key).value;
  assert.equal(value('counters', 'prisma_client_queries_total'), 3);
  assert.equal(value('gauges', 'prisma_pool_connections_busy'), 2);
  assert.equal(value('gauges', 'prisma_client_queries_wait'), 2);
  const histogram = value('histograms', 'prisma_client_queries_duration_histogram_ms');
  assert.equal(histogram.count, 3);
  assert.deepEqual(histogram.buckets.filter(([, n]) => n > 0), [[1, 1], [100, 1], [50000, 1]]);
  assert.ok(metrics.counters.every((m) => m.labels.a === 'b' && typeof m.description === 'string'));
});

test('prometheus text: cumulative buckets, escaped labels', () => {
  const stats = createStats();
  recordQuery(stats, 3);
  const [, text] = renderMetrics(stats, pool, { format: 'prometheus', globalLabels: { q: 'say "hi"\n' } });
  assert.match(text, /^# TYPE prisma_client_queries_total counter$/m);
  assert.match(text, /^prisma_client_queries_total\{q="say \\"hi\\"\\n"\} 1$/m);
  assert.match(text, /^prisma_client_queries_duration_histogram_ms_bucket\{q="say \\"hi\\"\\n",le="5"\} 1$/m);
  assert.match(text, /^prisma_client_queries_duration_histogram_ms_bucket\{q="say \\"hi\\"\\n",le="\+Inf"\} 1$/m);
  assert.match(text, /^prisma_pool_connections_open\{q="say \\"hi\\"\\n"\} 3$/m);
});
