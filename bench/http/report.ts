/** Printing for `bench:http`: medians, the per-layer differences, the two tables. */

/** One row of one connection level: medians over the rounds. */
export interface Row {
  key: string;
  label: string;
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, errors and timeouts, summed over the rounds. */
  non2xx: number;
  /** The app process's CPU time per request, in µs (user + system, from /proc). */
  appCpuUsPerReq: number;
}

/** µs of app CPU per request that one layer adds: the difference of two rows. */
export interface LayerCost {
  layer: string;
  usPerReq: number;
}

interface Level {
  connections: number;
  rows: Row[];
  layers: LayerCost[];
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The shop's µs/request split by layer, each the difference of two rows measured in the same run,
 * so the first five add up to the shop's row. Before the Fastify port the shop runs on Express,
 * so "Express instead of Fastify" separates the adapter from the shop's own middleware.
 */
export function layerCosts(rows: Row[], shopAdapter: string): LayerCost[] {
  const us = (key: string) => rows.find((r) => r.key === key)!.appCpuUsPerReq;
  const nestBase = shopAdapter === 'express' ? 'nestExpress' : 'nestFastify';
  const layers: LayerCost[] = [
    { layer: 'node:http + JSON (a)', usPerReq: us('raw') },
    { layer: 'Fastify', usPerReq: us('fastify') - us('raw') },
    { layer: 'Nest routing/pipeline', usPerReq: us('nestFastify') - us('fastify') },
  ];
  if (shopAdapter === 'express') {
    layers.push({
      layer: 'Express instead of Fastify',
      usPerReq: us('nestExpress') - us('nestFastify'),
    });
  }
  layers.push(
    { layer: "shop's middleware/interceptors", usPerReq: us('shopConstant') - us(nestBase) },
    { layer: 'cache read (Bloom + L1)', usPerReq: us('shop') - us('shopConstant') },
    { layer: '= shop GET /products/:id (b)', usPerReq: us('shop') },
    { layer: '(c) CacheInterceptor + Redis', usPerReq: us('cacheManager') - us('nestExpress') },
  );
  return layers;
}

/** Markdown, ≤ 100 columns. */
export function printTable(levels: Level[]): void {
  console.log(
    '\n| conns | row                          |   req/s | p50 ms | p99 ms | non-2xx | µs/req |',
  );
  console.log(
    '|------:|:-----------------------------|--------:|-------:|-------:|--------:|-------:|',
  );
  for (const level of levels) {
    for (const r of level.rows) {
      const cells = [
        String(r.connections).padStart(5),
        r.label.padEnd(28),
        String(r.rps).padStart(7),
        String(r.p50Ms).padStart(6),
        String(r.p99Ms).padStart(6),
        String(r.non2xx).padStart(7),
        String(r.appCpuUsPerReq).padStart(6),
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
  console.log('');
}

/** Markdown, one column of app µs/request per connection level. */
export function printLayers(levels: Level[], shopAdapter: string): void {
  const head = levels.map((l) => `${l.connections} conns`.padStart(9)).join(' | ');
  console.log(`App CPU µs/request by layer (shop on ${shopAdapter}; differences of rows above):\n`);
  console.log(`| layer                          | ${head} |`);
  console.log(`|:-------------------------------|${levels.map(() => '----------:').join('|')}|`);
  for (const [i, { layer }] of levels[0].layers.entries()) {
    const cells = levels.map((l) => String(l.layers[i].usPerReq).padStart(9)).join(' | ');
    console.log(`| ${layer.padEnd(30)} | ${cells} |`);
  }
  console.log('');
}
