import { expect, it } from "vitest";
import { measureDrift, type UsageChangeView } from "../../src/core/index.js";
import { diffWords } from "../../src/core/text/index.js";
import { decodeAction } from "../../src/slack/blocks/actions.js";
import { toSlackMessage } from "../../src/slack/blocks/convert.js";
import { checkBlockLimits } from "../../src/slack/blocks/limits.js";
import { toAdaptiveCard } from "../../src/teams/cards/convert.js";
import { usageChangeView } from "../../src/views/index.js";
import { links } from "../fixtures/chat-views.js";
import { validateCard } from "../teams/cards/validate.js";

const AGREED = "A customer with an order in the last 90 days.";
const PREVIOUS = "A customer with an order in the last 30 days.";
const NOW_TEXT = "A customer with an open support ticket in the last 30 days.";
const view: UsageChangeView = {
  usageId: 2_147_483_647,
  term: { id: 3, name: "Active Customer", slug: "active-customer" },
  domain: { id: 2, slug: "support", name: "Support" },
  project: "support_analytics",
  kind: "column",
  path: "model.customers.active_customer",
  previous: PREVIOUS,
  description: NOW_TEXT,
  agreed: { version: 1, text: AGREED },
  sincePrevious: diffWords(PREVIOUS, NOW_TEXT),
  fromAgreed: diffWords(AGREED, NOW_TEXT),
  drift: measureDrift(AGREED, NOW_TEXT),
  removed: false,
};
const ctx = { links, now: new Date("2026-03-02T09:00:00Z") };

it("renders a changed data product's notice within Slack's limits, with three buttons that decode to their actions", () => {
  const message = toSlackMessage(usageChangeView(view, ctx));
  expect(checkBlockLimits(message, "message")).toEqual([]);
  const said = JSON.stringify(message.blocks);
  expect(said).toContain("model.customers.active_customer");
  expect(said).toContain("support_analytics");
  expect(said).toContain("90 → 30 days");
  const buttons = (message.blocks as { type: string; elements?: { type: string; text: { text: string }; action_id: string; value: string }[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === "button");
  expect(buttons.map((b) => b.text.text)).toEqual(["Propose this as the shared definition", "Record as our variant", "The link is wrong"]);
  for (const button of buttons) {
    expect(button.action_id.length).toBeLessThanOrEqual(255);
    expect(button.text.text.length).toBeLessThanOrEqual(75);
  }
  expect(buttons.map((b) => decodeAction(b.action_id, b.value))).toEqual([
    { concord: "usage-propose", usageId: view.usageId },
    { concord: "usage-variant", usageId: view.usageId },
    { concord: "usage-unlink", usageId: view.usageId },
  ]);
});

it("renders the same notice as an Adaptive Card 1.5 that validates, and without buttons once the link is gone", () => {
  expect(validateCard(toAdaptiveCard(usageChangeView(view, ctx)))).toEqual([]);
  const gone = JSON.stringify(toAdaptiveCard(usageChangeView({ ...view, removed: true }, ctx)));
  expect(gone).not.toContain("usage-propose");
  expect(gone).toContain("no longer in use");
});
