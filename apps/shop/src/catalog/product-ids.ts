import { DataSource } from 'typeorm';

const PAGE = 10_000;

/**
 * Every product id, streamed with keyset pagination: the Bloom filter is built from it without
 * holding a million rows in memory or a cursor open across pages.
 */
export async function* productIds(dataSource: DataSource): AsyncIterable<string> {
  let after = 0;
  for (;;) {
    const rows: { id: number }[] = await dataSource.query(
      'SELECT id FROM product WHERE id > $1 ORDER BY id LIMIT $2',
      [after, PAGE],
    );
    for (const row of rows) yield String(row.id);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].id;
  }
}
