import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  CONSUMERS_ACTION,
  CONSUMERS_BLOCK,
  DEFINITION_ACTION,
  DEFINITION_BLOCK,
  EXAMPLE_BLOCK,
  FORMULA_BLOCK,
  OBJECT_MODAL,
  OBJECT_REASON_ACTION,
  OBJECT_REASON_BLOCK,
  PROPOSE_MODAL,
  RATIONALE_BLOCK,
} from "../../../src/slack/blocks/ids.js";
import { checkBlockLimits } from "../../../src/slack/blocks/limits.js";
import { parseModalMetadata } from "../../../src/slack/blocks/modal.js";
import { renderObjectModal, renderProposeModal } from "./render.js";
import type { ProposeFormInput } from "../../../src/views/index.js";
import { EVIL, mrkdwnText, proposalView, visibleText, words } from "./fixtures.js";

const domains = [
  { slug: "sales", name: "Sales" },
  { slug: "support", name: "Support" },
];

function check(view: ModalView) {
  expect(checkBlockLimits(view, "modal")).toEqual([]);
  return { view, shown: visibleText(view), parsed: mrkdwnText(view) };
}

function inputs(view: ModalView): InputBlock[] {
  return (view.blocks as KnownBlock[]).filter((b): b is InputBlock => b.type === "input");
}

const base: ProposeFormInput = { term: "Churn Rate", nearDuplicates: [], domains };

describe("renderProposeModal", () => {
  it("asks for a definition, rationale, consuming domains, example and formula", () => {
    const { view, shown } = check(renderProposeModal({ ...base, domain: "finance", channelId: "C0GLOSS" }));
    expect(view.type).toBe("modal");
    expect(view.callback_id).toBe(PROPOSE_MODAL);
    expect(view.title.text).toBe("Propose a definition");
    expect(view.submit?.text).toBe("Open proposal");
    expect(JSON.parse(view.private_metadata!)).toEqual({ action: { concord: "propose", term: "Churn Rate", domain: "finance" }, channelId: "C0GLOSS" });
    expect(shown).toContain("*Churn Rate* is a new term for *finance*.");
    expect(inputs(view).map((b) => [b.block_id, b.optional ?? false])).toEqual([
      [DEFINITION_BLOCK, false],
      [RATIONALE_BLOCK, true],
      [CONSUMERS_BLOCK, true],
      [EXAMPLE_BLOCK, true],
      [FORMULA_BLOCK, true],
    ]);
    const definition = inputs(view)[0]!.element;
    expect(definition).toMatchObject({ type: "plain_text_input", action_id: DEFINITION_ACTION, multiline: true });
    const consumers = inputs(view)[2]!.element;
    expect(consumers).toMatchObject({
      type: "multi_static_select",
      action_id: CONSUMERS_ACTION,
      options: [
        { text: { type: "plain_text", text: "Sales" }, value: "sales" },
        { text: { type: "plain_text", text: "Support" }, value: "support" },
      ],
    });
  });

  it("prefills the current text when amending", () => {
    const { view, shown } = check(
      renderProposeModal({ ...base, term: "Customer", existing: { name: "Customer", currentText: "A paying person." } }),
    );
    expect(view.title.text).toBe("Amend a definition");
    expect(shown).toContain("You are proposing a change to *Customer*.");
    expect(inputs(view)[0]!.element).toMatchObject({ initial_value: "A paying person." });
  });

  it("warns of near-duplicates at the top", () => {
    const { view } = check(
      renderProposeModal({
        ...base,
        nearDuplicates: [{ term: { id: 1, slug: "churn", name: "Churn", status: "active" }, similarity: 0.82, reason: "name" }],
      }),
    );
    const first = view.blocks[0] as KnownBlock;
    expect(first.type).toBe("context");
    expect(mrkdwnText({ blocks: [first] })).toContain(":warning: Similar terms already exist, check this is not a duplicate: *Churn* (similar name, 82% alike).");
  });

  it("fits a 120-character name, a 4,000-character current text and 150 long-named domains", () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ slug: `d${i}`, name: `Domain ${i} ${"x".repeat(100)}` }));
    const { view, shown } = check(
      renderProposeModal({ term: "N".repeat(120), existing: { name: "N".repeat(120), currentText: words(4000) }, nearDuplicates: [], domains: many }),
    );
    expect(inputs(view)[0]!.element).not.toHaveProperty("initial_value");
    expect(shown).toContain("longer than this form holds");
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });

  it("leaves out the consuming domains when there are none to choose", () => {
    const { view } = check(renderProposeModal({ ...base, domains: [] }));
    expect(inputs(view).map((b) => b.block_id)).not.toContain(CONSUMERS_BLOCK);
  });

  it("escapes the term and domain it repeats", () => {
    const { parsed } = check(renderProposeModal({ ...base, term: EVIL, domain: "<!here>" }));
    expect(parsed).not.toContain("<!channel>");
    expect(parsed).not.toContain("<!here>");
    expect(parsed).toContain("&lt;!channel&gt;");
  });

  it("writes metadata that parses back, and refuses anything else", () => {
    const view = renderProposeModal({ ...base, domain: "finance" });
    expect(parseModalMetadata(view.private_metadata!)).toEqual({ action: { concord: "propose", term: "Churn Rate", domain: "finance" } });
    expect(parseModalMetadata("not json")).toBeUndefined();
    expect(parseModalMetadata(JSON.stringify({ action: { concord: "propose", term: "" } }))).toBeUndefined();
  });
});

describe("renderObjectModal", () => {
  it("asks for a required, multiline reason and remembers the proposal", () => {
    const { view, shown } = check(renderObjectModal(proposalView()));
    expect(view.callback_id).toBe(OBJECT_MODAL);
    expect(view.title.text).toBe("Object to a proposal");
    expect(view.submit?.text).toBe("Object");
    expect(JSON.parse(view.private_metadata!)).toEqual({ action: { concord: "vote", proposalId: 12, position: "object" } });
    expect(parseModalMetadata(view.private_metadata!)).toEqual({ action: { concord: "vote", proposalId: 12, position: "object" } });
    expect(parseModalMetadata('{"action":{"concord":"vote","proposalId":12,"position":"veto"}}')).toBeUndefined();
    expect(shown).toContain("*Proposal #12: amend Customer*\n>A person or company");
    const reason = inputs(view)[0]!;
    expect(reason.block_id).toBe(OBJECT_REASON_BLOCK);
    expect(reason.optional).toBeUndefined();
    expect(reason.element).toMatchObject({ type: "plain_text_input", action_id: OBJECT_REASON_ACTION, multiline: true });
  });

  it("escapes and cuts a long, hostile proposal", () => {
    const { parsed } = check(renderObjectModal(proposalView({ text: `${EVIL} ${words(4000)}`, termName: "N".repeat(120) })));
    expect(parsed).not.toContain("<!channel>");
    expect(parsed).not.toContain("<https://evil.example");
  });
});
