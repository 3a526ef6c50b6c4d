import { beforeEach, expect, it } from "vitest";
import { runCommandText } from "../../src/commands/execute.js";
import { buildDigest, computeDigestFigures, lookupTerm, type CoreDeps } from "../../src/core/index.js";
import { digestFigures, type ComputeDigestFigures } from "../../src/core/digest/figures.js";
import { termSlug } from "../../src/core/text/index.js";
import { definitionVersions, terms } from "../../src/db/schema/index.js";
import { ADMIN, coreDeps, createManualClock, generatedTermNames, seedGeneratedTerms } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";

/*
 * A digest's heavy figures are computed in turns of the event loop: a lookup that arrives while they are computed is
 * answered before they are done, where computed at once it would wait for all of them.
 */
describeEachDatabase("the digest's figures computed in turns", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();

  const [name] = generatedTermNames(1);

  beforeEach(async () => {
    deps = coreDeps(database(), clock);
    // Enough terms that the figures take more steps than a lookup takes round trips, on either database.
    await seedGeneratedTerms(database().db, 2_000, clock.now());
    // Two terms defined alike: an overlap the digest reports.
    const now = clock.now();
    const twins = await database()
      .db.insert(terms)
      .values(["Customer", "Client"].map((n) => ({ slug: termSlug(n), name: n, currentVersion: 1, createdAt: now, updatedAt: now })))
      .returning({ id: terms.id });
    await database()
      .db.insert(definitionVersions)
      .values(twins.map((t) => ({ termId: t.id, version: 1, text: "A person or company that has paid for at least one order in the last 90 days.", agreedAt: now })));
    const admin = { actor: { ref: ADMIN }, platform: "local" as const };
    await runCommandText(deps, admin, "domain add finance Finance");
    const said = await runCommandText(deps, admin, `variant ${name} for finance = The ${name!.toLowerCase()} as reported in the weekly operations review.`);
    expect(said.kind).not.toBe("error");
  });

  /** Builds the digest with `figures`, looking a term up as its figures start; says which finished first. */
  const race = async (figures: ComputeDigestFigures) => {
    const order: string[] = [];
    let lookup: Promise<unknown> | undefined;
    const watched: ComputeDigestFigures = (input) => {
      lookup = lookupTerm(deps, name!).then(() => order.push("lookup"));
      return figures(input).then((result) => {
        order.push("figures");
        return result;
      });
    };
    const digest = await buildDigest(deps.store.repos, clock.now(), watched);
    await lookup;
    return { order, digest };
  };

  it("answers a lookup arriving during the figures before they are done, and computes what computing them at once computes", async () => {
    // Turns of no length: the computation pauses at each of its steps, as it does on a large glossary.
    const inTurns = await race((input) => computeDigestFigures(input, 0));
    expect(inTurns.order).toEqual(["lookup", "figures"]);
    const atOnce = await race(async (input) => digestFigures(input));
    expect(atOnce.order).toEqual(["figures", "lookup"]);
    // The same digest either way: the drifting variant with its reasons, and the terms defined alike.
    expect(inTurns.digest.drift).toEqual(atOnce.digest.drift);
    expect(inTurns.digest.drift.items[0]).toMatchObject({ term: { name }, domain: { slug: "finance" } });
    expect(inTurns.digest.drift.items[0]!.reasons!.length).toBeGreaterThan(0);
    expect(inTurns.digest.overlaps).toEqual(atOnce.digest.overlaps);
    expect(inTurns.digest.overlaps.total).toBeGreaterThan(0);
  });
});
