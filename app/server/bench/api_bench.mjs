// make bench-server: the API server measured from outside, as its clients see it (Node's fetch,
// no dependencies). Prints one JSON object per line:
//   {"bench": "streams", "streams": N, "tokens_per_stream": T, "aggregate_tok_s": …, "wall_s": …}
//   {"bench": "conversation", "turns": 20, "cache": true|false, "ttft_ms_last": …, "ttft_ms_mean": …}
//   {"bench": "embeddings", "requests": M, "concurrency": C, "requests_per_s": …}
// Usage: node api_bench.mjs --url http://127.0.0.1:8000/v1 [--streams "1 4 8 16 32"] [--tokens 64]
//        [--turns 20] [--embeddings 64]
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const url = args.url;
if (!url) {
  console.error('usage: node api_bench.mjs --url http://127.0.0.1:8000/v1');
  process.exit(2);
}
const streams = (args.streams ?? '1 4 8 16 32').split(/\s+/).map(Number);
const tokens = Number(args.tokens ?? 64);
const turns = Number(args.turns ?? 20);
const embeddings = Number(args.embeddings ?? 64);
const noEnd = { 0: -100 }; // every completion runs to max_tokens, so each stream decodes the same count

async function post(path, body) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response;
}

// Streams one request; resolves with the time of the first text and the end.
async function stream(path, body) {
  const start = performance.now();
  const response = await post(path, { ...body, stream: true });
  let first = null;
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body) {
    const piece = decoder.decode(chunk, { stream: true });
    if (first === null && piece.includes('"content":"') && !piece.includes('"content":""')) first = performance.now();
    if (first === null && piece.includes('"text":"') && !piece.includes('"text":""')) first = performance.now();
    text += piece;
  }
  return { ttft: (first ?? performance.now()) - start, total: performance.now() - start, text };
}

function contentOf(sse) {
  let out = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const event = JSON.parse(line.slice(6));
    for (const c of event.choices ?? []) out += c.delta?.content ?? '';
  }
  return out;
}

// One untimed request first: the weights' pages come in from the file on first use.
await stream('/completions', { prompt: 'warm up', max_tokens: 16, seed: 1, logit_bias: noEnd });

for (const n of streams) {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      stream('/completions', { prompt: `Stream ${i}: the story goes`, max_tokens: tokens, seed: i + 1, logit_bias: noEnd }),
    ),
  );
  const wall = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ bench: 'streams', streams: n, tokens_per_stream: tokens, wall_s: +wall.toFixed(3),
    aggregate_tok_s: +((n * tokens) / wall).toFixed(1) }));
}

// A conversation of `turns` turns; without the cache, a different first line every turn makes
// every prompt new to the server, so it reads the whole history each time.
for (const cache of [true, false]) {
  const history = [];
  const ttfts = [];
  for (let t = 0; t < turns; t++) {
    const system = cache ? 'You are a helpful assistant.' : `You are a helpful assistant (${t}).`;
    history.push({ role: 'user', content: `Question ${t}: tell me one more thing about lighthouses, their keepers and the ships they watched over the long winter nights.` });
    const result = await stream('/chat/completions', {
      messages: [{ role: 'system', content: system }, ...history], max_tokens: 32, seed: t + 1, logit_bias: noEnd,
    });
    history.push({ role: 'assistant', content: contentOf(result.text) });
    ttfts.push(result.ttft);
  }
  console.log(JSON.stringify({ bench: 'conversation', turns, cache, ttft_ms_last: +ttfts.at(-1).toFixed(1),
    ttft_ms_mean: +(ttfts.reduce((a, b) => a + b, 0) / ttfts.length).toFixed(1) }));
}

{
  const concurrency = 4;
  const text = 'A paragraph about the sea, the weather and the ships that pass the lighthouse at night. '.repeat(4);
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < embeddings) {
      next++;
      await (await post('/embeddings', { input: text })).json();
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ bench: 'embeddings', requests: embeddings, concurrency,
    requests_per_s: +(embeddings / seconds).toFixed(1) }));
}
