import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from './partition-log';
import { SegmentStore } from './segment-store';
import type { BatchFormat } from './types';

/** Kafka's rule for legal topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export interface Topic {
  readonly name: string;
  readonly partitions: readonly PartitionLog[];
}

export interface TopicRegistryOptions {
  /** Directory for segment files and `topics.json`; null keeps everything in memory. */
  readonly dataDir: string | null;
  readonly format: BatchFormat;
  readonly onCorrupt: (file: string, position: number) => void;
}

/** The broker's topics and their partition logs, persisted under `dataDir/topics/`. */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private readonly appendListeners = new Set<() => void>();

  constructor(private readonly options: TopicRegistryOptions) {
    if (options.dataDir) this.load(options.dataDir);
  }

  static isValidName(name: string): boolean {
    return TOPIC_NAME.test(name) && name !== '.' && name !== '..';
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  get size(): number {
    return this.topics.size;
  }

  names(): string[] {
    return [...this.topics.keys()].sort();
  }

  partition(name: string, index: number): PartitionLog | undefined {
    return this.topics.get(name)?.partitions[index];
  }

  create(name: string, partitionCount: number): Topic {
    const partitions = Array.from({ length: partitionCount }, (_, i) => this.openLog(name, i));
    const topic: Topic = { name, partitions };
    this.topics.set(name, topic);
    this.saveTopicList();
    return topic;
  }

  delete(name: string): boolean {
    const topic = this.topics.get(name);
    if (!topic) return false;
    topic.partitions.forEach((log) => log.close());
    this.topics.delete(name);
    this.saveTopicList();
    const dir = this.options.dataDir;
    if (dir) rmSync(join(dir, 'topics', name), { recursive: true, force: true });
    return true;
  }

  /** Called after every append so long-polling fetches can wake up. */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  notifyAppend(): void {
    for (const listener of [...this.appendListeners]) listener();
  }

  close(): void {
    for (const topic of this.topics.values()) topic.partitions.forEach((log) => log.close());
  }

  private openLog(topic: string, index: number): PartitionLog {
    const dir = this.options.dataDir;
    if (!dir) return new PartitionLog();
    const store = new SegmentStore(join(dir, 'topics', topic, String(index)), this.options.format);
    const log = new PartitionLog(store);
    log.restore(store.load(this.options.onCorrupt));
    return log;
  }

  private load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'topics.json');
    if (!existsSync(file)) return;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
    for (const [name, count] of Object.entries(saved)) {
      const partitions = Array.from({ length: count }, (_, i) => this.openLog(name, i));
      this.topics.set(name, { name, partitions });
    }
  }

  private saveTopicList(): void {
    const dir = this.options.dataDir;
    if (!dir) return;
    const list = Object.fromEntries([...this.topics].map(([n, t]) => [n, t.partitions.length]));
    // Write then rename, so a crash never leaves a half-written topic list.
    writeFileSync(join(dir, 'topics.json.tmp'), JSON.stringify(list));
    renameSync(join(dir, 'topics.json.tmp'), join(dir, 'topics.json'));
  }
}
