import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffsetStore } from './offset-store';

describe('OffsetStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'offsets-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays the latest commit per partition and honours deletions after a reopen', () => {
    const first = new OffsetStore(dir);
    first.commit('g1', 't', 0, { offset: 5, metadata: null });
    first.commit('g1', 't', 0, { offset: 9, metadata: 'm' });
    first.commit('g1', 'gone', 0, { offset: 1, metadata: null });
    first.commit('g2', 't', 1, { offset: 3, metadata: null });
    first.deleteTopic('gone');
    first.deleteGroup('g2');
    appendFileSync(join(dir, 'consumer-offsets.jsonl'), '{"g":"torn","t":'); // crash mid-write

    const reopened = new OffsetStore(dir);
    expect(reopened.get('g1', 't', 0)).toEqual({ offset: 9, metadata: 'm' });
    expect(reopened.get('g1', 'gone', 0)).toBeUndefined();
    expect(reopened.entries('g2')).toEqual([]);
    expect(reopened.groupIds()).toEqual(['g1']);
  });

  it('keeps everything in memory without a data dir', () => {
    const store = new OffsetStore(null);
    store.commit('g', 't', 2, { offset: 1, metadata: null });
    expect(store.entries('g')).toEqual([
      { topic: 't', partition: 2, value: { offset: 1, metadata: null } },
    ]);
  });
});
