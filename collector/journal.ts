/**
 * A write-ahead journal in front of DuckDB: each accepted request body is appended
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
    for (const { file } of existing) leftover.push(...parse(readFileSync(file)));
    return { journal: new Journal(prefix, existing), leftover };
  }

  /** Appends one entry (synchronously: it must be in the file before the answer goes out). */
  append(entry: JournalEntry): void {
    // A header line, then the body as it came (no re-escaping of a large string per request).
    writeSync(this.fd, `${entry.r}\t${entry.k === null ? '' : encodeURIComponent(entry.k)}\t${Buffer.byteLength(entry.b)}\n${entry.b}\n`);
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

/** Reads entries back; a torn last entry (crash mid-write, never answered) is ignored. */
function parse(buf: Buffer): JournalEntry[] {
  const out: JournalEntry[] = [];
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) break;
    const [r, k, len] = buf.subarray(at, nl).toString('utf8').split('\t');
    const size = Number(len);
    if (!r || !Number.isInteger(size) || size < 0 || nl + 1 + size > buf.length) break;
    out.push({ r, k: k ? safeDecode(k) : null, b: buf.subarray(nl + 1, nl + 1 + size).toString('utf8') });
    at = nl + 1 + size + 1;
  }
  return out;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
