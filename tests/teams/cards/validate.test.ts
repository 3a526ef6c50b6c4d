import { describe, expect, it } from "vitest";
import { validateCard } from "./validate.js";

const base = { type: "AdaptiveCard", version: "1.5", $schema: "http://adaptivecards.io/schemas/adaptive-card.json" } as const;

describe("validateCard", () => {
  it("accepts a sound 1.5 card, Teams' msteams extension included", () => {
    expect(
      validateCard({
        ...base,
        msteams: { width: "Full" },
        body: [
          { type: "TextBlock", text: "Hello", wrap: true },
          { type: "Input.Text", id: "reason", placeholder: "Why?", isMultiline: true },
        ],
        actions: [{ type: "Action.Submit", title: "Send", data: { anything: ["goes", 1] } }],
      }),
    ).toEqual([]);
  });

  it("reports an element type that does not exist", () => {
    const problems = validateCard({ ...base, body: [{ type: "Bogus", text: "x" }] });
    expect(problems.join("\n")).toContain('Unknown element type "Bogus"');
  });

  it("reports an element that needs a newer schema than 1.5 (Carousel is 1.6)", () => {
    const problems = validateCard({ ...base, body: [{ type: "Carousel", pages: [{ type: "CarouselPage", items: [] }] }] });
    expect(problems.join("\n")).toContain("Carousel");
  });

  it("reports a card that declares a version Teams does not render", () => {
    expect(validateCard({ ...base, version: "1.6", body: [{ type: "TextBlock", text: "x" }] })).toEqual([
      'The card\'s version is "1.6"; Teams renders up to 1.5.',
    ]);
  });

  it("reports missing required properties: an OpenUrl without url, a TextBlock without text, an empty choice set", () => {
    const problems = validateCard({
      ...base,
      body: [{ type: "TextBlock" }, { type: "Input.ChoiceSet", id: "c", choices: [] }],
      actions: [{ type: "Action.OpenUrl", title: "Open" }],
    });
    expect(problems.some((p) => p.includes('"url" must be set'))).toBe(true);
    expect(problems.some((p) => p.includes("TextBlock at body[0] has no text"))).toBe(true);
    expect(problems.some((p) => p.includes("at least one choice"))).toBe(true);
  });

  it("reports duplicate input ids, which would merge two boxes into one submitted value", () => {
    const problems = validateCard({
      ...base,
      body: [
        { type: "Input.Text", id: "reason" },
        { type: "Input.Text", id: "reason" },
      ],
    });
    expect(problems.join("\n")).toContain('Duplicate Id "reason"');
  });

  it("reports a misspelt property the library dropped, which Teams would ignore too", () => {
    const problems = validateCard({
      ...base,
      body: [{ type: "Input.ChoiceSet", id: "c", isMultiselect: true, choices: [{ title: "A", value: "a" }] }],
    });
    expect(problems).toEqual(['The property "isMultiselect" at card.body[0] is not part of schema 1.5; it was dropped.']);
  });

  it("reports a required input without a label or error message", () => {
    const problems = validateCard({ ...base, body: [{ type: "Input.Text", id: "t", isRequired: true }] });
    expect(problems.join("\n")).toContain("RequiredInputsShouldHaveLabel");
    expect(problems.join("\n")).toContain("RequiredInputsShouldHaveErrorMessage");
  });

  it("reports something that is not a card at all", () => {
    expect(validateCard("hello")).toEqual(["The card is not a JSON object."]);
    expect(validateCard({ type: "Message", version: "1.5", body: [] }).length).toBeGreaterThan(0);
  });
});
