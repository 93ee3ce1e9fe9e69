// The official OpenAI SDK (npm "openai", pinned in package-lock.json) against `rwkv-cli serve` on a
// fixture model: what every tool that speaks the OpenAI API will do to our server. CTest runs this
// with RWKV_CLI (the rwkv-cli binary) and RWKV_FIXTURES set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import OpenAI from 'openai';

const cli = process.env.RWKV_CLI;
const fixtures = process.env.RWKV_FIXTURES;
const model = fixtures && path.join(fixtures, 'models', 'tiny-rwkv-7v0-834K.safetensors');
const key = 'test-key-' + process.pid;
let server;
let baseURL;

before(async () => {
  assert.ok(cli && existsSync(cli), 'RWKV_CLI names the rwkv-cli binary');
  assert.ok(model && existsSync(model), `the fixture model is at ${model}`);
  server = spawn(cli, ['serve', model, '--port', '0', '--api-key', key, '--parallel', '4'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: server.stdout });
  baseURL = await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`rwkv-cli serve exited with ${code}`)));
    lines.once('line', (line) => resolve(JSON.parse(line).listening));
  });
});

after(() => {
  server?.kill('SIGTERM');
});

const client = () => new OpenAI({ apiKey: key, baseURL, maxRetries: 0 });

test('lists the loaded model', async () => {
  const models = await client().models.list();
  const ids = models.data.map((m) => m.id);
  assert.deepEqual(ids, ['tiny-rwkv-7v0-834K']);
});

test('chat completion, whole and streamed, gives the same text for the same seed', async () => {
  const request = {
    model: 'tiny-rwkv-7v0-834K',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say something.' },
    ],
    max_tokens: 24,
    temperature: 1,
    top_p: 0.7,
    seed: 42,
  };
  const whole = await client().chat.completions.create(request);
  assert.equal(whole.object, 'chat.completion');
  assert.equal(whole.choices.length, 1);
  assert.equal(whole.choices[0].message.role, 'assistant');
  assert.ok(['stop', 'length'].includes(whole.choices[0].finish_reason));
  assert.ok(whole.usage.prompt_tokens > 0);
  assert.ok(whole.usage.completion_tokens > 0 && whole.usage.completion_tokens <= 24);

  const stream = await client().chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
  let text = '';
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? '';
      finish = choice.finish_reason ?? finish;
    }
  }
  assert.equal(text, whole.choices[0].message.content);
  assert.equal(finish, whole.choices[0].finish_reason);
  assert.equal(usage.completion_tokens, whole.usage.completion_tokens);
});

test('completion, whole and streamed', async () => {
  const request = { model: 'tiny-rwkv-7v0-834K', prompt: 'The cat', max_tokens: 16, seed: 7, top_p: 0.9 };
  const whole = await client().completions.create(request);
  assert.equal(whole.object, 'text_completion');
  assert.ok(['stop', 'length'].includes(whole.choices[0].finish_reason));
  assert.ok(whole.usage.completion_tokens >= 1 && whole.usage.completion_tokens <= 16);
  let text = '';
  for await (const chunk of await client().completions.create({ ...request, stream: true })) text += chunk.choices[0]?.text ?? '';
  assert.equal(text, whole.choices[0].text);
});

test('seeded requests repeat exactly; another seed differs', async () => {
  const request = { model: 'm', prompt: 'Once upon a time', max_tokens: 40, temperature: 1.2, top_p: 1, seed: 1234 };
  const a = await client().completions.create(request);
  const b = await client().completions.create(request);
  const c = await client().completions.create({ ...request, seed: 99 });
  assert.equal(a.choices[0].text, b.choices[0].text);
  assert.notEqual(a.choices[0].text, c.choices[0].text);
});

test('stop strings end the text before them', async () => {
  const free = await client().completions.create({ model: 'm', prompt: 'abc', max_tokens: 40, temperature: 0, seed: 1 });
  const text = free.choices[0].text;
  assert.ok(text.length > 4, 'the model writes something');
  const stop = text.slice(2, 4);
  const stopped = await client().completions.create({ model: 'm', prompt: 'abc', max_tokens: 40, temperature: 0, seed: 1, stop: [stop] });
  assert.equal(stopped.choices[0].finish_reason, 'stop');
  assert.equal(stopped.choices[0].text, text.slice(0, text.indexOf(stop)));
});

test('n > 1 gives that many choices, each from its own seed', async () => {
  const reply = await client().chat.completions.create({
    model: 'm', messages: [{ role: 'user', content: 'Hi' }], n: 3, max_tokens: 12, seed: 5, top_p: 1, temperature: 1.5,
  });
  assert.deepEqual(reply.choices.map((c) => c.index), [0, 1, 2]);
  assert.equal(new Set(reply.choices.map((c) => c.message.content)).size, 3);
  assert.ok(reply.usage.completion_tokens >= 3 && reply.usage.completion_tokens <= 36); // over all choices
});

test('embeddings have the model width and unit length', async () => {
  const result = await client().embeddings.create({ model: 'm', input: ['first text', 'second, longer text'] });
  assert.equal(result.data.length, 2);
  for (const item of result.data) {
    assert.equal(item.embedding.length, 64);
    const norm = Math.sqrt(item.embedding.reduce((s, v) => s + v * v, 0));
    assert.ok(Math.abs(norm - 1) < 1e-4, `norm ${norm}`);
  }
  assert.notDeepEqual(result.data[0].embedding, result.data[1].embedding);
});

test('a wrong or missing key is rejected with 401', async () => {
  const wrong = new OpenAI({ apiKey: 'not-the-key', baseURL, maxRetries: 0 });
  await assert.rejects(wrong.models.list(), (e) => e.status === 401 && /API key/.test(e.message));
  const response = await fetch(`${baseURL}/models`);
  assert.equal(response.status, 401);
  assert.equal((await response.json()).error.type, 'authentication_error');
});

test('bad fields come back as OpenAI errors the SDK understands', async () => {
  await assert.rejects(
    client().chat.completions.create({ model: 'm', messages: [], max_tokens: 4 }),
    (e) => e.status === 400 && e.param === 'messages',
  );
  await assert.rejects(
    client().completions.create({ model: 'm', prompt: 'x', temperature: 9 }),
    (e) => e.status === 400 && e.param === 'temperature',
  );
});
