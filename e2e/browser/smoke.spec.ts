import WebSocket from 'ws';
import { E2E_PORT, E2E_TOKEN } from '../constants.js';
import { expect, test } from '../fixtures.js';

const MiB = 1024 * 1024;

/** A LabApi client of our own, next to the page's, as a second browser tab would be. */
async function openSocket() {
  const ws = new WebSocket(`ws://127.0.0.1:${E2E_PORT}/api?token=${E2E_TOKEN}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const call = (method: string, args: unknown[]): Promise<unknown> => {
    const id = `call-${nextId++}`;
    return new Promise((resolve, reject) => {
      const onMessage = (raw: WebSocket.RawData): void => {
        const reply = JSON.parse(String(raw)) as { id?: string; result?: unknown; error?: string };
        if (reply.id !== id) return;
        ws.off('message', onMessage);
        if (reply.error !== undefined) reject(new Error(reply.error));
        else resolve(reply.result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, args }));
    });
  };
  return { ws, call, close: () => ws.close() };
}

test('boots and shows the machine and live GlobalMemoryStatus counters', async ({ labPage }) => {
  const { page } = labPage;
  await labPage.open();

  await expect(page.getByTestId('settings-ram')).toHaveAttribute('data-value', String(64 * MiB));
  await expect(page.getByTestId('settings-pagefile')).toHaveAttribute('data-value', String(128 * MiB));

  const availPhys = await labPage.bytes('phys-avail');
  const totalPhys = await labPage.bytes('phys-total');
  expect(totalPhys).toBe(64 * MiB);
  expect(availPhys).toBeGreaterThan(0);
  expect(availPhys).toBeLessThanOrEqual(totalPhys);

  const availPageFile = await labPage.bytes('pagefile-avail');
  const commitLimit = await labPage.bytes('pagefile-total');
  expect(commitLimit).toBe(64 * MiB + 128 * MiB);
  expect(availPageFile).toBeGreaterThan(0);
  expect(availPageFile).toBeLessThanOrEqual(commitLimit);

  // Every pair explains itself on hover.
  for (const id of ['phys', 'pagefile', 'virtual']) {
    await expect(page.getByTestId(id)).toHaveAttribute('title', /dw\w+ \/ dw\w+/);
  }

  // Samples keep arriving: the chart gains points.
  const chart = page.getByTestId('counters-chart');
  const before = Number(await chart.getAttribute('data-points'));
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(before + 3);
  await expect(chart.locator('canvas')).toBeVisible();
});

test('a running process shows its address space, and its commit moves the counters', async ({ labPage }, testInfo) => {
  const { page } = labPage;
  await labPage.open();
  const commitLeftBefore = await labPage.bytes('pagefile-avail');

  const lab = await openSocket();
  const source = [
    "import { VirtualAlloc, MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE, Sleep } from 'mmlab/win32';",
    'VirtualAlloc(0, 16 * 1024 * 1024, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);',
    'Sleep(60000);',
  ].join('\n');
  const run = (await lab.call('run', [{ fileName: 'smoke.ts', source }])) as { pid: number };
  try {
    await expect(page.getByTestId('process-select')).toHaveValue(String(run.pid));
    await expect(page.getByTestId('process-select').locator('option', { hasText: 'smoke.ts' })).toHaveCount(1);
    await expect
      .poll(async () => (await labPage.bytes('virtual-total')) - (await labPage.bytes('virtual-avail')))
      .toBeGreaterThanOrEqual(16 * MiB);
    await expect.poll(() => labPage.bytes('pagefile-avail')).toBeLessThanOrEqual(commitLeftBefore - 16 * MiB);

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.waitForTimeout(300); // let the chart redraw with the theme
      const shot = testInfo.outputPath(`dashboard-${colorScheme}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      await testInfo.attach(`dashboard-${colorScheme}`, { path: shot, contentType: 'image/png' });
    }
  } finally {
    await lab.call('terminate', [run.pid]);
    lab.close();
  }
});

test('refuses HTTP requests without the right token', async ({ request }) => {
  expect((await request.get('/')).status()).toBe(403);
  expect((await request.get('/?token=wrong-token-123')).status()).toBe(403);
  expect((await request.get(`/?token=${E2E_TOKEN}`)).status()).toBe(200);
});

test('refuses WebSocket connections without the right token', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${E2E_PORT}/api?token=wrong-token-123`);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => reject(new Error('connected with a wrong token')));
    ws.on('error', () => undefined);
  });
  expect(status).toBe(403);
});

test('answers a bad request with an error and keeps serving', async () => {
  const { ws } = await openSocket();
  const replies: Record<string, { result?: unknown; error?: string }> = {};
  const done = new Promise<void>((resolve) => {
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { id?: string; result?: unknown; error?: string; channel?: string };
      if (message.channel !== undefined) return;
      replies[String(message.id)] = message;
      if (Object.keys(replies).length === 4) resolve();
    });
  });
  ws.send('{not json');
  ws.send(JSON.stringify({ id: 'a', method: 'format-disk', args: [] }));
  ws.send(JSON.stringify({ id: 'b', method: 'run', args: [{ fileName: 42 }] }));
  ws.send(JSON.stringify({ id: 'c', method: 'settings', args: [] }));
  await done;
  ws.close();
  expect(replies['null']?.error).toMatch(/invalid JSON/);
  expect(replies['a']?.error).toMatch(/unknown method "format-disk"/);
  expect(replies['b']?.error).toMatch(/fileName must be a string/);
  expect(replies['c']?.result).toMatchObject({ ramBytes: 64 * MiB, pagefileBytes: 128 * MiB });
});
