// CSV imports as offices send them: GBK from Excel, UTF-8 with or without BOM, as text/csv or a form upload; undecodable or damaged files change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGbk } from '../helpers/gbk-encoder.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: auth(ADMIN) });
const peopleCount = async () => (await get('/v1/people?limit=1')).json().total as number;
const nameOf = async (wechatId: string) =>
  (await get(`/v1/people?q=${wechatId}`)).json().items[0]?.name as string | undefined;

function postCsv(url: string, bytes: Buffer, contentType = 'text/csv') {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...auth(ADMIN), 'content-type': contentType },
    payload: bytes,
  });
}

/** A multipart/form-data body as curl -F builds it: one part per field, files with a filename. */
function formUpload(
  url: string,
  parts: { name: string; bytes: Buffer; filename?: string; contentType?: string }[],
) {
  const boundary = '----jianwang-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`),
      part.bytes,
    );
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return postCsv(url, Buffer.concat(chunks), `multipart/form-data; boundary=${boundary}`);
}

const people = (rows: string[]) => ['name,role,wechat_id,grid_code,group_code,phone', ...rows].join('\r\n');

describe('CSV encodings', () => {
  it('reads a GBK file saved by Excel on Chinese Windows and stores the names as written', async () => {
    const res = await postCsv(
      '/v1/people/import',
      encodeGbk(people(['黄网格员,grid_member,wxid_gbk_1,GL-S05-C01-G01,,'])),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 0 });
    expect(await nameOf('wxid_gbk_1')).toBe('黄网格员');
  });

  it('reads UTF-8 with a BOM ("CSV UTF-8" in Excel) and without one', async () => {
    const withBom = Buffer.concat([
      BOM,
      Buffer.from(people(['林网格员,grid_member,wxid_bom_1,GL-S05-C01-G01,,'])),
    ]);
    expect((await postCsv('/v1/people/import', withBom)).statusCode).toBe(200);
    expect(await nameOf('wxid_bom_1')).toBe('林网格员');
    const plain = Buffer.from(people(['郑网格员,grid_member,wxid_utf8_1,GL-S05-C01-G01,,']));
    expect((await postCsv('/v1/people/import', plain)).statusCode).toBe(200);
    expect(await nameOf('wxid_utf8_1')).toBe('郑网格员');
  });

  it('refuses a file that is neither UTF-8 nor GBK with 415 and changes nothing', async () => {
    const before = await peopleCount();
    const bytes = Buffer.concat([
      Buffer.from('name,role,wechat_id,grid_code,group_code,phone\r\n'),
      Buffer.from([0xff, 0xfe, 0x80, 0xff]),
    ]);
    // 0xFF 0xFE at the start would be a UTF-16 BOM; here they sit after the header and fit no encoding.
    const res = await postCsv('/v1/people/import', bytes);
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({
      code: 'unsupported_encoding',
      message: expect.stringMatching(/CSV UTF-8/),
    });
    expect(await peopleCount()).toBe(before);
  });

  it('refuses mojibake already in the file (U+FFFD) with 422 and the line, and changes nothing', async () => {
    const before = await peopleCount();
    const res = await postCsv(
      '/v1/people/import',
      Buffer.from(people(['��������,grid_member,wxid_broken,GL-S05-C01-G01,,'])),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'csv_invalid', details: [{ line: 2 }] });
    expect(await peopleCount()).toBe(before);
  });

  it('refuses a charset label that contradicts the bytes', async () => {
    const res = await postCsv(
      '/v1/people/import',
      Buffer.from(people(['鼓楼网格员,grid_member,wxid_label,GL-S05-C01-G01,,'])),
      'text/csv; charset=gbk',
    );
    expect(res.statusCode).toBe(415);
    expect(await nameOf('wxid_label')).toBeUndefined();
  });
});

describe('form uploads (curl -F file=@people.csv)', () => {
  it('imports the file field of a multipart upload, GBK or UTF-8', async () => {
    const gbk = await formUpload('/v1/people/import', [
      {
        name: 'file',
        filename: 'people.csv',
        contentType: 'text/csv',
        bytes: encodeGbk(people(['吴网格员,grid_member,wxid_form_1,GL-S05-C01-G01,,'])),
      },
    ]);
    expect(gbk.statusCode).toBe(200);
    expect(await nameOf('wxid_form_1')).toBe('吴网格员');
    const grids = await formUpload('/v1/grids/import', [
      { name: 'note', bytes: Buffer.from('ignored') },
      {
        name: 'file',
        filename: 'grids.csv',
        contentType: 'application/octet-stream',
        bytes: Buffer.concat([
          BOM,
          Buffer.from('code,name,level,parent_code\r\nGL-S05-C98,上传社区,community,GL-S05\r\n'),
        ]),
      },
    ]);
    expect(grids.statusCode).toBe(200);
    expect((await get('/v1/grids/GL-S05-C98')).json().name).toBe('上传社区');
  });

  it('takes the only part whatever its name', async () => {
    const res = await formUpload('/v1/people/import', [
      {
        name: 'upload',
        filename: 'p.csv',
        bytes: Buffer.from(people(['何网格员,grid_member,wxid_form_2,GL-S05-C01-G01,,'])),
      },
    ]);
    expect(res.statusCode).toBe(200);
    expect(await nameOf('wxid_form_2')).toBe('何网格员');
  });

  it('answers 400 with how to upload when no file field is found, and changes nothing', async () => {
    const before = await peopleCount();
    const res = await formUpload('/v1/people/import', [
      { name: 'a', bytes: Buffer.from('x') },
      { name: 'b', bytes: Buffer.from('y') },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'invalid_upload',
      message: expect.stringContaining('curl -F file=@'),
    });
    const broken = await postCsv('/v1/people/import', Buffer.from('not multipart'), 'multipart/form-data');
    expect(broken.statusCode).toBe(400);
    expect(await peopleCount()).toBe(before);
  });
});

describe('large files', () => {
  const members = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => `网格员${i},grid_member,wxid_${prefix}_${i},GL-S05-C01-G01,,`);

  it('refuses more than 20,000 data rows with 413, before reading them, and changes nothing', async () => {
    const before = await peopleCount();
    const res = await postCsv('/v1/people/import', Buffer.from(people(members(20_001, 'big'))));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'csv_too_large',
      message: expect.stringContaining('at most 20,000 rows'),
    });
    const grids = await postCsv(
      '/v1/grids/import',
      Buffer.from(
        [
          'code,name,level,parent_code',
          ...Array.from({ length: 20_001 }, (_, i) => `X${i},某社区,street,`),
        ].join('\n'),
      ),
    );
    expect(grids.statusCode).toBe(413);
    expect(await peopleCount()).toBe(before);
  });

  it('lists the first 100 problems of a bad file and counts them all', async () => {
    const before = await peopleCount();
    const rows = Array.from({ length: 5_000 }, (_, i) => `某人${i},wizard,wxid_bad_${i},,,`);
    const res = await postCsv('/v1/people/import', Buffer.from(people(rows)));
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('csv_invalid');
    expect(error.details).toHaveLength(100);
    expect(error.details[0]).toMatchObject({ line: 2, message: expect.stringContaining('role "wizard"') });
    expect(error.errorCount).toBe(5_000);
    expect(error.message).toContain('5000 problem(s) on 5000 line(s)');
    expect(res.body.length).toBeLessThan(20_000);
    expect(await peopleCount()).toBe(before);
  });

  it('keeps answering other requests while a large file is applied, and applies all of it', async () => {
    const before = await peopleCount();
    let importDone = false;
    const importing = postCsv('/v1/people/import', Buffer.from(people(members(1_500, 'many')))).then(
      (res) => {
        importDone = true;
        return res;
      },
    );
    // Embedded PGlite runs one transaction at a time: a single import transaction held every request until it ended.
    let answeredDuring = 0;
    while (!importDone) {
      const health = await t.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      if (!importDone) answeredDuring++;
      // Polled often: on real Postgres the import may take only ~150 ms, and at 50 ms a poll it was answered twice.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const res = await importing;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 1_500, updated: 0 });
    expect(await peopleCount()).toBe(before + 1_500);
    expect(answeredDuring).toBeGreaterThanOrEqual(3);

    // The same file again (as after an interruption) updates, never duplicates.
    const again = await postCsv('/v1/people/import', Buffer.from(people(members(1_500, 'many'))));
    expect(again.json()).toEqual({ created: 0, updated: 1_500 });
    expect(await peopleCount()).toBe(before + 1_500);
  }, 120_000);
});
