/**
 * Work on large arrays done in steps (generators that yield every little while), for `inTurns` to share the thread
 * with requests: sorting, and grouping equal keys. Used by the near-duplicate search.
 */

/** Values and keys handled between two steps. */
const STEP = 5_000;

/**
 * `values` sorted in steps (in place, or into a new array it returns): runs of SORT_RUN values sorted a step each,
 * then merged pass by pass. A million candidate pairs sorted at once held the thread 60 ms.
 */
export function* sortedInSteps(values: Float64Array): Generator<void, Float64Array> {
  const length = values.length;
  let from: Float64Array = values;
  for (let at = 0; at < length; at += SORT_RUN) {
    from.subarray(at, at + SORT_RUN).sort();
    yield;
  }
  let to: Float64Array = new Float64Array(length);
  for (let width = SORT_RUN; width < length; width *= 2) {
    for (let low = 0; low < length; low += 2 * width) {
      mergeRuns(from, to, low, Math.min(low + width, length), Math.min(low + 2 * width, length));
      yield;
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Keys sorted a step at a time before they are merged: about 5 ms of sorting. */
const SORT_RUN = 1 << 16;

/** Merges the sorted runs from[low, middle) and from[middle, high) into to[low, high). */
function mergeRuns(from: Float64Array, to: Float64Array, low: number, middle: number, high: number): void {
  let x = low;
  let y = middle;
  for (let k = low; k < high; k++) to[k] = y >= high || (x < middle && from[x]! <= from[y]!) ? from[x++]! : from[y++]!;
}

/**
 * Indices of equal keys, for each non-empty key held more than once: each group in index order, the groups in the
 * order of their first index. The keys' hashes are sorted rather than the keys put in a Map, which for a glossary's
 * 400,000 slugs and aliases took 0.4 s in one go.
 */
export function* equalKeyGroups(keys: readonly string[]): Generator<void, number[][]> {
  if (keys.length > KEY_INDEX_LIMIT) throw new RangeError(`at most ${KEY_INDEX_LIMIT} keys, got ${keys.length}`);
  // A key's hash's top 24 bits and its index in one exact double, so sorting them sorts by hash, then by index.
  const codes = new Float64Array(keys.length);
  let length = 0;
  for (const [index, key] of keys.entries()) {
    if (key !== "") codes[length++] = (mix32(fnv1a(key, 0, key.length)) >>> 8) * KEY_INDEX_LIMIT + index;
    if ((index + 1) % STEP === 0) yield;
  }
  const sorted = yield* sortedInSteps(codes.subarray(0, length));
  const groups: number[][] = [];
  for (let run = 0; run < length; ) {
    const hash = Math.floor(sorted[run]! / KEY_INDEX_LIMIT);
    let end = run + 1;
    while (end < length && Math.floor(sorted[end]! / KEY_INDEX_LIMIT) === hash) end += 1;
    if (end - run > 1) {
      // Keys of one hash, almost always equal keys.
      const byKey = new Map<string, number[]>();
      for (let k = run; k < end; k++) {
        const index = sorted[k]! % KEY_INDEX_LIMIT;
        const group = byKey.get(keys[index]!);
        if (group) group.push(index);
        else byKey.set(keys[index]!, [index]);
      }
      for (const group of byKey.values()) if (group.length > 1) groups.push(group);
    }
    if (Math.floor(end / STEP) > Math.floor(run / STEP)) yield;
    run = end;
  }
  groups.sort((x, y) => x[0]! - y[0]!);
  return groups;
}

/** Keys `equalKeyGroups` can tell apart by index: 2^29, leaving 24 bits of a hash in a double's 53. */
const KEY_INDEX_LIMIT = 2 ** 29;

/** FNV-1a over the UTF-16 code units of text[from, to). */
export function fnv1a(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/** Murmur3's finaliser: spreads FNV's weak low bits, which the linear MinHash functions would otherwise keep. */
export function mix32(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
