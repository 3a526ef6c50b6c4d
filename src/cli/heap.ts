import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the heap grow past what is live before it collects again, while a bulk command runs. An import or
 * an ingest allocates fast and keeps little: left to itself V8 grew the heap to several times what was live (a
 * 100,000-term OpenMetadata CSV peaked at 740 MB with under 100 MB live, 437 MB like this; a 100,000-column dbt
 * manifest at about 1 GB, about 740 MB like this), for a few more collections.
 */
const BULK_HEAP_GROWING_PERCENT = 30;

/** Has V8 collect more eagerly for the rest of the process: the command line runs one command a process. */
export function collectEagerly(): void {
  setFlagsFromString(`--heap-growing-percent=${BULK_HEAP_GROWING_PERCENT}`);
}
