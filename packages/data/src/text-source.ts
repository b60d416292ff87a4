import { ConfigError } from '@strata/core';

/**
 * Text to read: a whole string or bytes, or a function giving a fresh stream of chunks each pass (a
 * Node read stream, a fetch body, a generator). Byte chunks are decoded as UTF-8 across chunk edges.
 */
export type TextSource =
  | string
  | Uint8Array
  | (() => AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>);

/** The text of `source` as string chunks, decoded incrementally (never the whole stream at once). */
export async function* textChunks(source: TextSource, label: string): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source;
    return;
  }
  const decoder = new TextDecoder('utf-8');
  if (source instanceof Uint8Array) {
    yield decoder.decode(source);
    return;
  }
  if (typeof source !== 'function') {
    throw new ConfigError(
      `${label}(source)`,
      'source must be a string, a Uint8Array, or a function returning an iterable of chunks',
    );
  }
  const chunks = source();
  if (
    chunks === null ||
    typeof chunks !== 'object' ||
    !(Symbol.asyncIterator in chunks || Symbol.iterator in chunks)
  ) {
    throw new ConfigError(
      `${label}(source)`,
      'the source function must return an (async) iterable of string or Uint8Array chunks',
    );
  }
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') yield chunk;
    else if (chunk instanceof Uint8Array) yield decoder.decode(chunk, { stream: true });
    else
      throw new ConfigError(`${label}(source)`, `chunks must be strings or Uint8Arrays, got ${typeof chunk}`);
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** Splits chunks into lines (`\n` or `\r\n`), numbered from 1; a last line without `\n` counts. */
export async function* textLines(
  source: TextSource,
  label: string,
): AsyncGenerator<{ text: string; line: number }> {
  let pending = '';
  let line = 0;
  for await (const chunk of textChunks(source, label)) {
    pending += chunk;
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
      const end = nl > start && pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: pending.slice(start, end), line: ++line };
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  if (pending !== '') yield { text: pending.endsWith('\r') ? pending.slice(0, -1) : pending, line: ++line };
}
