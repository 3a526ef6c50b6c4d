import { describe, expect, it } from "vitest";
import { DEFINITION_TEXT_MAX_LENGTH } from "../../../src/commands/intents.js";
import { parseCardAction } from "../../../src/teams/cards/index.js";
import { renderProposeFormCard, type ProposeFormInput } from "./render.js";
import { actionsOf, elementsOfType, ESCAPED_EVIL, EVIL, expectSoundCard, markdownText, visibleText, words } from "./fixtures.js";

const domains = [
  { slug: "sales", name: "Sales" },
  { slug: "support", name: "Support" },
  { slug: "finance", name: "Finance" },
];

function render(input: Partial<ProposeFormInput> = {}) {
  const card = expectSoundCard(renderProposeFormCard({ term: "Churn Rate", nearDuplicates: [], domains, ...input }));
  const inputs = Object.fromEntries([...elementsOfType(card, "Input.Text"), ...elementsOfType(card, "Input.ChoiceSet")].map((i) => [i.id, i]));
  return { card, shown: visibleText(card), inputs, actions: actionsOf(card) };
}

describe("renderProposeFormCard", () => {
  it("asks for a new term's definition, rationale, consumers, example and formula", () => {
    const { shown, inputs } = render();
    expect(shown).toContain("Propose a definition");
    expect(shown).toContain("**Churn Rate** is a new term. Once agreed, your domain owns it.");
    expect(Object.keys(inputs)).toEqual(["text", "rationale", "example", "formula", "consumers"]);
    expect(inputs.text).toMatchObject({ label: "Definition", isMultiline: true, isRequired: true, maxLength: DEFINITION_TEXT_MAX_LENGTH });
    expect(inputs.text?.errorMessage).toBeTruthy();
    expect(inputs.text?.value).toBeUndefined();
    expect(inputs.rationale).toMatchObject({ label: "Why this definition?", isMultiline: true });
    expect(inputs.consumers).toMatchObject({
      label: "Consuming domains",
      isMultiSelect: true,
      choices: [
        { title: "Sales", value: "sales" },
        { title: "Support", value: "support" },
        { title: "Finance", value: "finance" },
      ],
    });
  });

  it("submits the term and domain, with the inputs Teams merges in, as a propose action", () => {
    const { actions } = render({ domain: "finance" });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: "Action.Submit", title: "Open proposal", style: "positive" });
    const submitted = {
      ...(actions[0]!.data as object),
      text: "Customers who cancelled this month divided by customers at the start of it.",
      rationale: "Finance and Support count it differently.",
      consumers: "sales,support",
      example: "",
      formula: "",
    };
    expect(parseCardAction(submitted)).toEqual({
      concord: "propose",
      term: "Churn Rate",
      domain: "finance",
      text: "Customers who cancelled this month divided by customers at the start of it.",
      rationale: "Finance and Support count it differently.",
      consumers: "sales,support",
    });
  });

  it("starts from the agreed text when amending", () => {
    const { shown, inputs } = render({ term: "Customer", domain: "sales", existing: { name: "Customer", currentText: "A paying customer." } });
    expect(shown).toContain("Amend a definition");
    expect(shown).toContain("You are proposing a change to **Customer** for **sales**.");
    expect(inputs.text?.value).toBe("A paying customer.");
  });

  it("starts empty, saying why, when the agreed text is longer than the box", () => {
    const { shown, inputs } = render({ existing: { name: "Churn Rate", currentText: words(DEFINITION_TEXT_MAX_LENGTH + 1) } });
    expect(inputs.text?.value).toBeUndefined();
    expect(shown).toContain("longer than this form holds");
  });

  it("prefills a 4,000-character definition and stays under Teams' size limit", () => {
    const text = words(DEFINITION_TEXT_MAX_LENGTH);
    expect(render({ existing: { name: "Churn Rate", currentText: text } }).inputs.text?.value).toBe(text);
  });

  it("warns of near-duplicates first, under the title", () => {
    const { card } = render({
      nearDuplicates: [
        { term: { id: 1, slug: "churn", name: "Churn", status: "active" }, similarity: 0.71, reason: "name" },
        { term: { id: 2, slug: "attrition", name: "Attrition", status: "active" }, similarity: 0.55, reason: "definition" },
      ],
    });
    expect(card.body[0]).toMatchObject({ type: "TextBlock", text: "Propose a definition", size: "Large" });
    expect(card.body[1]).toMatchObject({
      type: "TextBlock",
      color: "Warning",
      text: "⚠️ Similar terms already exist, check this is not a duplicate: **Churn** (similar name, 71% alike) and **Attrition** (similar definition, 55% alike).",
    });
  });

  it("leaves out the consumers choice when there are no domains (an empty choice set is invalid)", () => {
    expect(render({ domains: [] }).inputs.consumers).toBeUndefined();
  });

  it("caps a very long domain list", () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ slug: `d${i}`, name: `Domain ${i}` }));
    expect((render({ domains: many }).inputs.consumers?.choices as unknown[]).length).toBe(100);
  });

  it("escapes the term and domain names", () => {
    const { card, actions } = render({ term: EVIL, domain: "**finance**" });
    const markdown = markdownText(card);
    expect(markdown).toContain(`**${ESCAPED_EVIL}** is a new term for **\\*\\*finance\\*\\***.`);
    expect(parseCardAction(actions[0]?.data)).toMatchObject({ term: EVIL, domain: "**finance**" });
  });
});
