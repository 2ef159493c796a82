import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | null;
}

interface CommitLine {
  readonly g: string;
  readonly t: string;
  readonly p: number;
  /** null is a tombstone: the offset was deleted with its group or topic. */
  readonly o: number | null;
  readonly m: string | null;
}

const FILE = 'consumer-offsets.jsonl';

/**
 * Committed consumer-group offsets. With a data dir every commit is appended as one JSON line
 * before it is acknowledged (Kafka's `__consumer_offsets` is likewise an append-only log); on
 * open the file is replayed and rewritten with only the latest value per partition.
 */
export class OffsetStore {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();

  constructor(private readonly dataDir: string | null) {
    if (dataDir) this.load(dataDir);
  }

  commit(group: string, topic: string, partition: number, value: CommittedOffset): void {
    this.set(group, topic, partition, value);
    if (!this.dataDir) return;
    const line: CommitLine = {
      g: group,
      t: topic,
      p: partition,
      o: value.offset,
      m: value.metadata,
    };
    appendFileSync(join(this.dataDir, FILE), JSON.stringify(line) + '\n');
  }

  /** Forgets a group's offsets (DeleteGroups). */
  deleteGroup(group: string): void {
    for (const { topic, partition } of this.entries(group)) this.tombstone(group, topic, partition);
    this.groups.delete(group);
  }

  /** Forgets every group's offsets for a deleted topic, as Kafka does. */
  deleteTopic(topic: string): void {
    for (const group of this.groupIds()) {
      for (const entry of this.entries(group).filter((e) => e.topic === topic)) {
        this.remove(group, topic, entry.partition);
        this.tombstone(group, topic, entry.partition);
      }
    }
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(key(topic, partition));
  }

  /** Every committed partition of a group, for OffsetFetch with null topics. */
  entries(group: string): { topic: string; partition: number; value: CommittedOffset }[] {
    return [...(this.groups.get(group) ?? new Map<string, CommittedOffset>())].map(([k, value]) => {
      const cut = k.lastIndexOf(':');
      return { topic: k.slice(0, cut), partition: Number(k.slice(cut + 1)), value };
    });
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  private remove(group: string, topic: string, partition: number): void {
    const offsets = this.groups.get(group);
    offsets?.delete(key(topic, partition));
    if (offsets?.size === 0) this.groups.delete(group);
  }

  private tombstone(group: string, topic: string, partition: number): void {
    if (!this.dataDir) return;
    const line: CommitLine = { g: group, t: topic, p: partition, o: null, m: null };
    appendFileSync(join(this.dataDir, FILE), JSON.stringify(line) + '\n');
  }

  private set(group: string, topic: string, partition: number, value: CommittedOffset): void {
    let offsets = this.groups.get(group);
    if (!offsets) this.groups.set(group, (offsets = new Map()));
    offsets.set(key(topic, partition), value);
  }

  private load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, FILE);
    if (!existsSync(file)) return;
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      const line = parseLine(text);
      if (line?.o === null) this.remove(line.g, line.t, line.p);
      else if (line) this.set(line.g, line.t, line.p, { offset: line.o, metadata: line.m });
    }
    const lines = this.groupIds().flatMap((g) =>
      this.entries(g).map(({ topic, partition, value }) =>
        JSON.stringify({ g, t: topic, p: partition, o: value.offset, m: value.metadata }),
      ),
    );
    writeFileSync(`${file}.tmp`, lines.map((line) => line + '\n').join(''));
    renameSync(`${file}.tmp`, file);
  }
}

/** A torn last line (crash mid-append) is skipped rather than failing the start-up. */
function parseLine(text: string): CommitLine | null {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as CommitLine;
  } catch {
    return null;
  }
}

function key(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
