// Case numbers from per-year sequences: distinct under concurrency, per year, after the legacy counter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateCaseNo } from '../../api/cases/case-number.js';
import { caseCounters } from '../../db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('case numbers', () => {
  it('hands out distinct consecutive numbers to concurrent transactions, the year’s first included', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 12 }, () => database.db.transaction((tx) => allocateCaseNo(tx, 2031))),
    );
    const serials = numbers.map((n) => Number(n.slice('GL-2031-'.length))).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(numbers.every((n) => /^GL-2031-\d{6}$/.test(n))).toBe(true);
  });

  it('counts each year on its own', async () => {
    const a = await database.db.transaction((tx) => allocateCaseNo(tx, 2032));
    const b = await database.db.transaction((tx) => allocateCaseNo(tx, 2031));
    expect(a).toBe('GL-2032-000001');
    expect(b).toBe('GL-2031-000013');
  });

  it('continues after numbers issued by the legacy per-year counter', async () => {
    await database.db.insert(caseCounters).values({ year: 2033, last: 41 });
    expect(await database.db.transaction((tx) => allocateCaseNo(tx, 2033))).toBe('GL-2033-000042');
  });

  it('leaves a gap, never a repeat, when a transaction that took a number rolls back', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await allocateCaseNo(tx, 2034);
        await allocateCaseNo(tx, 2034);
        throw new Error('insert failed');
      }),
    ).rejects.toThrow('insert failed');
    // The sequence's creation rolled back with the transaction, so the year starts afresh.
    expect(await database.db.transaction((tx) => allocateCaseNo(tx, 2034))).toBe('GL-2034-000001');
    await expect(
      database.db.transaction(async (tx) => {
        await allocateCaseNo(tx, 2034);
        throw new Error('insert failed');
      }),
    ).rejects.toThrow('insert failed');
    expect(await database.db.transaction((tx) => allocateCaseNo(tx, 2034))).toBe('GL-2034-000003');
  });

  it('refuses a year that is not four digits', async () => {
    await expect(database.db.transaction((tx) => allocateCaseNo(tx, 1969.5))).rejects.toThrow(RangeError);
  });
});
