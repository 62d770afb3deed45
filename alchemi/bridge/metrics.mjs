// GET /metrics. The wasm engine is built without Prisma's metrics recorder, so the bridge
// keeps the few metrics it can measure itself, under the native engine's names:
//   counters   prisma_client_queries_total, prisma_datasource_queries_total,
//              prisma_pool_connections_opened_total
//   gauges     prisma_client_queries_active, prisma_client_queries_wait,
//              prisma_pool_connections_open, _busy, _idle
//   histogram  prisma_client_queries_duration_histogram_ms
// Served as JSON (`?format=json`, the shape prisma-client-py's Metrics model reads) or in the
// Prometheus text format; the request body may carry global labels added to every metric.

const BUCKETS_MS = [0, 1, 5, 10, 50, 100, 500, 1000, 5000, 50000];

export function createStats() {
  return {
    clientQueries: 0,
    datasourceQueries: 0,
    connectionsOpened: 0,
    activeQueries: 0,
    durations: { sum: 0, count: 0, buckets: BUCKETS_MS.map(() => 0) },
  };
}

/** Record one client request (a query or a batch) that took `ms` milliseconds. */
export function recordQuery(stats, ms) {
  stats.clientQueries += 1;
  stats.durations.sum += ms;
  stats.durations.count += 1;
  const i = BUCKETS_MS.findIndex((limit) => ms <= limit);
  stats.durations.buckets[i === -1 ? BUCKETS_MS.length - 1 : i] += 1;
}

function snapshot(stats, pool, labels) {
  const metric = (key, value, description) => ({ key, labels, value, description });
  const busy = pool.totalCount - pool.idleCount;
  return {
    counters: [
      metric('prisma_client_queries_total', stats.clientQueries, 'Total number of Prisma Client queries executed'),
      metric('prisma_datasource_queries_total', stats.datasourceQueries, 'Total number of Datasource Queries executed'),
      metric('prisma_pool_connections_opened_total', stats.connectionsOpened, 'Total number of Pool Connections opened'),
    ],
    gauges: [
      metric('prisma_client_queries_active', stats.activeQueries, 'Number of currently active Prisma Client queries'),
      metric('prisma_client_queries_wait', pool.waitingCount, 'Number of Prisma Client queries currently waiting for a connection'),
      metric('prisma_pool_connections_open', pool.totalCount, 'Number of currently open Pool Connections'),
      metric('prisma_pool_connections_busy', busy, 'Number of currently busy Pool Connections (executing a datasource query)'),
      metric('prisma_pool_connections_idle', pool.idleCount, 'Number of currently unused Pool Connections (waiting for the next datasource query to run)'),
    ],
    histograms: [
      metric('prisma_client_queries_duration_histogram_ms', {
        buckets: BUCKETS_MS.map((limit, i) => [limit, stats.durations.buckets[i]]),
        sum: stats.durations.sum,
        count: stats.durations.count,
      }, 'Histogram of the duration of all executed Prisma Client queries in ms'),
    ],
  };
}

function prometheusText({ counters, gauges, histograms }) {
  const labelText = (labels, extra = {}) => {
    const all = { ...labels, ...extra };
    const parts = Object.entries(all).map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`);
    return parts.length ? `{${parts.join(',')}}` : '';
  };
  const lines = [];
  for (const [type, list] of [['counter', counters], ['gauge', gauges]]) {
    for (const m of list) lines.push(`# HELP ${m.key} ${m.description}`, `# TYPE ${m.key} ${type}`, `${m.key}${labelText(m.labels)} ${m.value}`, '');
  }
  for (const m of histograms) {
    lines.push(`# HELP ${m.key} ${m.description}`, `# TYPE ${m.key} histogram`);
    let cumulative = 0;
    for (const [limit, count] of m.value.buckets) {
      cumulative += count;
      lines.push(`${m.key}_bucket${labelText(m.labels, { le: limit })} ${cumulative}`);
    }
    lines.push(`${m.key}_bucket${labelText(m.labels, { le: '+Inf' })} ${m.value.count}`);
    lines.push(`${m.key}_sum${labelText(m.labels)} ${m.value.sum}`, `${m.key}_count${labelText(m.labels)} ${m.value.count}`, '');
  }
  return lines.join('\n');
}

/** The /metrics answer: `[contentType, body]`. */
export function renderMetrics(stats, pool, { format, globalLabels = {} }) {
  const data = snapshot(stats, pool, globalLabels);
  if (format === 'json') return ['application/json', JSON.stringify(data)];
  return ['text/plain; version=0.0.4', prometheusText(data)];
}
