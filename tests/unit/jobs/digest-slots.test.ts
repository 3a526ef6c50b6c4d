import { describe, expect, it } from "vitest";
import { createSlotSchedule, DIGEST_GRACE_MS } from "../../../src/jobs/digest-slots.js";

describe("digest slots", () => {
  const mondays = createSlotSchedule("0 9 * * 1", "UTC");

  it("names the slot a replica is in from the clock, whenever its timer fired within the minute", () => {
    for (const at of ["2026-03-02T09:00:00.000Z", "2026-03-02T09:00:00.950Z", "2026-03-02T09:00:59.999Z"]) {
      expect(mondays.latestSlot(new Date(at))).toEqual(new Date("2026-03-02T09:00:00Z"));
    }
  });

  it("keeps a missed slot due for a day, so a restart catches it up, and no longer", () => {
    expect(mondays.latestSlot(new Date("2026-03-02T17:30:00Z"))).toEqual(new Date("2026-03-02T09:00:00Z"));
    expect(mondays.latestSlot(new Date("2026-03-03T08:59:00Z"))).toEqual(new Date("2026-03-02T09:00:00Z"));
    expect(mondays.latestSlot(new Date("2026-03-03T09:00:00Z"))).toBeUndefined();
    expect(mondays.latestSlot(new Date("2026-03-02T08:59:59Z"))).toBeUndefined();
    expect(DIGEST_GRACE_MS).toBe(24 * 60 * 60 * 1000);
  });

  it("reads the schedule in its time zone, across a daylight saving change", () => {
    const paris = createSlotSchedule("0 9 * * 1", "Europe/Paris");
    // 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer (clocks went forward on 29 March 2026).
    expect(paris.latestSlot(new Date("2026-03-23T12:00:00Z"))).toEqual(new Date("2026-03-23T08:00:00Z"));
    expect(paris.latestSlot(new Date("2026-03-30T12:00:00Z"))).toEqual(new Date("2026-03-30T07:00:00Z"));
  });

  it("takes a six-field expression whose seconds are 0 at the same minute", () => {
    const withSeconds = createSlotSchedule("0 0 9 * * mon", "UTC");
    expect(withSeconds.latestSlot(new Date("2026-03-02T09:00:30Z"))).toEqual(new Date("2026-03-02T09:00:00Z"));
  });
});
