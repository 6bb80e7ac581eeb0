/**
 * A write-ahead journal in front of DuckDB: each accepted request body is appended (one JSON line)
 * before the request is answered, and the files are deleted once their contents are committed to
 * the database. This lets the collector answer without waiting for a database commit (so commits
 * can be large and few, which is where DuckDB is fast) while a crash or kill loses nothing: the
 * next start replays the journal, and the primary key makes replay idempotent.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** One journaled request. */
export interface JournalEntry {
  /** receivedAt, ISO */
  r: string;
  /** write key the request was accepted with */
  k: string | null;
  /** the raw body */
  b: string;
}

export class Journal {
  private fd: number;
  private seq: number;
  /** Closed files whose entries are pending or committing. */
  private closed: string[] = [];

  private constructor(
    private readonly prefix: string,
    existing: Array<{ seq: number; file: string }>,
  ) {
    this.seq = existing.reduce((m, e) => Math.max(m, e.seq), 0) + 1;
    this.closed = existing.map((e) => e.file);
    this.fd = openSync(this.file(this.seq), 'a');
  }

  private file(seq: number) {
    return `${this.prefix}.${seq}`;
  }

  /** Opens the journal next to `dbPath`; returns it with the entries left by an earlier run. */
  static open(dbPath: string): { journal: Journal; leftover: JournalEntry[] } {
    const prefix = join(dirname(dbPath), `${basename(dbPath)}.journal`);
    const existing = readdirSync(dirname(dbPath))
      .map((name) => ({ name, m: new RegExp(`^${escape(basename(prefix))}\\.(\\d+)$`).exec(name) }))
      .filter((x) => x.m)
      .map((x) => ({ seq: Number(x.m![1]), file: join(dirname(dbPath), x.name) }))
      .sort((a, b) => a.seq - b.seq);
    const leftover: JournalEntry[] = [];
    for (const { file } of existing) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          leftover.push(JSON.parse(line) as JournalEntry);
        } catch {
          // A torn last line from a crash mid-write: that request was never answered.
        }
      }
    }
    return { journal: new Journal(prefix, existing), leftover };
  }

  /** Appends one entry (synchronously: it must be in the file before the answer goes out). */
  append(entry: JournalEntry): void {
    writeSync(this.fd, JSON.stringify(entry) + '\n');
  }

  /** Starts a new file; returns every closed file, to remove once all pending entries are committed. */
  rotate(): string[] {
    closeSync(this.fd);
    this.closed.push(this.file(this.seq));
    this.seq++;
    this.fd = openSync(this.file(this.seq), 'a');
    return [...this.closed];
  }

  /** Removes files whose entries are committed. */
  remove(files: string[]): void {
    for (const f of files) {
      try {
        unlinkSync(f);
      } catch {
        /* already gone */
      }
    }
    this.closed = this.closed.filter((f) => !files.includes(f));
  }

  /** Flushes to disk and closes; with `empty`, removes the current file too. */
  close(empty: boolean): void {
    try {
      fsyncSync(this.fd);
    } catch {
      /* best effort */
    }
    closeSync(this.fd);
    if (empty) this.remove([...this.closed, this.file(this.seq)]);
  }
}

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
