/**
 * `npm run db:template`: writes drizzle/pglite/template.tar.gz, a new PGlite database with every migration applied,
 * from which Concord unpacks a new data folder instead of running initdb. Run it after `npm run db:generate`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createPglite, migrateDatabase, openDatabase } from "../src/db/open.js";
import { pgliteTemplateFile } from "../src/db/pglite-template.js";

const pglite = createPglite();
await migrateDatabase(openDatabase({ pglite }));
await pglite.query("checkpoint");
const dump = await pglite.dumpDataDir("gzip");
await pglite.close();
mkdirSync(dirname(pgliteTemplateFile), { recursive: true });
writeFileSync(pgliteTemplateFile, Buffer.from(await dump.arrayBuffer()));
console.log(`wrote ${pgliteTemplateFile} (${(dump.size / 2 ** 20).toFixed(1)} MB)`);
