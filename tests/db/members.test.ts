import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.js";

const NOW = new Date("2026-03-02T09:00:00Z");
const SAM = "teams:72f988bf-86f1-41af-91ab-2d7cd011db47:0b7a2f1e-0002-4c3e-9a55-8f6f2e1d9c02";

describeEachDatabase("members", (database) => {
  it("are known by name from the first time they act, when an admin first named them by ref", async () => {
    const repo = database().store.repos.members;
    const added = await repo.ensure(SAM, "teams", undefined, NOW);
    expect(added.displayName).toBeNull();
    const acting = await repo.ensure(SAM, "teams", "Sam Support", NOW);
    expect(acting).toEqual({ ...added, displayName: "Sam Support" });
    expect((await repo.findByRef(SAM))?.displayName).toBe("Sam Support");
    // A name once known stays: another face's display name does not rename them.
    expect((await repo.ensure(SAM, "teams", "Someone Else", NOW)).displayName).toBe("Sam Support");
    expect((await repo.findByRef(SAM))?.id).toBe(added.id);
  });
});
