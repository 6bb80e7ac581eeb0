import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { configSchema } from '../../../src/core/schema';

const file = resolve(import.meta.dirname, '../../../docs/config.schema.json');

describe('docs/config.schema.json', () => {
  it('is generated from the one config schema (UPDATE_DOCS=1 rewrites it)', () => {
    const generated = JSON.stringify(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }), null, 2) + '\n';
    if (process.env.UPDATE_DOCS || !existsSync(file)) writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });
});
