// Text lines from a CSV source, read in chunks: a path or file:// URL as a Node stream, an http(s)
// URL through fetch, or a string of CSV text. Node modules are loaded at run time (node-builtins.ts).
import { ConfigError } from '../errors.js';
import { nodeFsStream } from '../io/node-builtins.js';

/** Whether `source` is CSV text rather than a location (it contains a line break). */
export function isCsvText(source: string): boolean {
  return /[\r\n]/.test(source);
}

async function* chunks(source: string): AsyncGenerator<string> {
  if (isCsvText(source)) {
    yield source;
    return;
  }
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source);
    if (!res.ok || !res.body) throw new ConfigError(`nn.data.csv: fetching ${source} failed: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield decoder.decode(r.value, { stream: true });
    yield decoder.decode();
    return;
  }
  const fs = await nodeFsStream('nn.data.csv on a file path');
  const path = source.startsWith('file://') ? decodeURIComponent(new URL(source).pathname) : source;
  const stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (e) {
    throw new ConfigError(`nn.data.csv: cannot read ${source}: ${(e as Error).message}`, { cause: e });
  } finally {
    stream.destroy();
  }
}

/** The lines of the source, without their \n or \r\n; a trailing empty line is dropped (tfjs). */
export async function* lines(source: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks(source)) {
    rest += chunk;
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      const line = rest.slice(start, nl);
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
