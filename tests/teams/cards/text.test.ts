import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRelative } from "../../../src/commands/format.js";
import { escapeMarkdown, escapeMessageText, formatDate, markdownLink, memberName, refName, toMarkdown } from "../../../src/teams/cards/index.js";
import { applyCut, member as mention, ref, shorten, text } from "../../../src/views/index.js";

/** What someone typed, cut as a view cuts it, as Teams Markdown. */
const truncateMarkdown = (value: string, max: number, url?: string, label = "Read the full definition") =>
  toMarkdown(applyCut(text(value), { max, ...(url ? { more: { url, label } } : {}) }));
const mentionRef = (userRef: string) => toMarkdown(ref(userRef));
const mentionMember = (who: Parameters<typeof mention>[0]) => toMarkdown(mention(who));
import { ada, bob, carol, dave, ESCAPED_EVIL, EVIL, member, NOW, unescapedMarkdown, words } from "./fixtures.js";

describe("escapeMarkdown", () => {
  it("turns a disguised link, bold, italic, strike and backslashes into literal text", () => {
    expect(escapeMarkdown(EVIL)).toBe(ESCAPED_EVIL);
    expect(escapeMarkdown("**bold**")).toBe("\\*\\*bold\\*\\*");
  });

  it("escapes list, heading and quote markers only at the start of a line", () => {
    expect(escapeMarkdown("# Heading\n- item\n1. first\n  23) second\n> quote\n+ plus")).toBe(
      "\\# Heading\n\n\\- item\n\n1\\. first\n\n  23\\) second\n\n\\> quote\n\n\\+ plus",
    );
    expect(escapeMarkdown("Net revenue - refunds = 2. Not #1")).toBe("Net revenue - refunds = 2. Not #1");
  });

  it("keeps line breaks as paragraph breaks, since a single newline renders as a space", () => {
    expect(escapeMarkdown("one\r\ntwo\n\n\nthree")).toBe("one\n\ntwo\n\nthree");
  });

  it("leaves no formatting character unescaped, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("[", "]", "(", ")", "*", "_", "~", "\\", "`", "<", "a", " ", "\n", "#", "-", "1", ".") }), (text) => {
        expect(unescapedMarkdown(escapeMarkdown(text))).not.toMatch(/[[\]()*_~\\`<]/);
      }),
    );
  });
});

describe("escapeMessageText", () => {
  it("neutralises HTML tags and Markdown in a Teams message", () => {
    const text = escapeMessageText("<a href='https://evil.example'>[x](y)</a> & co");
    expect(text).toBe("&lt;a href='https://evil.example'&gt;\\[x\\]\\(y\\)&lt;/a&gt; &amp; co");
    expect(escapeMessageText("> not a quote")).toBe("&gt; not a quote");
  });
});

describe("markdownLink", () => {
  it("escapes the label and percent-encodes what would end the address", () => {
    expect(markdownLink("https://concord.example.com/terms/a(b) c", "[x] *y*")).toBe(
      "[\\[x\\] \\*y\\*](https://concord.example.com/terms/a%28b%29%20c)",
    );
  });
});

describe("truncateMarkdown", () => {
  it("leaves short text whole (escaped)", () => {
    expect(truncateMarkdown("A *short* one", 100, "https://x.example/t")).toBe("A \\*short\\* one");
  });

  it("cuts long text on a word boundary and links to the full definition", () => {
    const text = words(4000);
    const cut = truncateMarkdown(text, 300, "https://concord.example.com/terms/revenue");
    expect(cut).toMatch(/revenue… \[Read the full definition\]\(https:\/\/concord\.example\.com\/terms\/revenue\)$/);
    expect(cut.indexOf("…")).toBeLessThan(300);
  });

  it("never splits an escape, even in text made only of formatting characters", () => {
    const cut = truncateMarkdown("*".repeat(1000), 101);
    expect(cut).toBe(`${"\\*".repeat(100)}…`);
  });

  it("uses the label it is given", () => {
    expect(truncateMarkdown(words(500), 100, "https://x.example/p/1", "Read the full proposal")).toContain("[Read the full proposal](https://x.example/p/1)");
  });
});

describe("shorten", () => {
  it("never splits a surrogate pair", () => {
    expect(shorten(`${"a".repeat(8)}😀😀😀`, 10)).toBe(`${"a".repeat(8)}…`);
    expect(shorten("short", 10)).toBe("short");
  });
});

describe("names", () => {
  it("shows a member by display name, else by their first ref as plain text", () => {
    expect(memberName(ada)).toBe("Ada");
    expect(memberName(dave)).toBe("dave");
    expect(memberName(member(9, null, "teams:tenant-1:aad-zed"))).toBe("teams:tenant-1:aad-zed");
    expect(memberName(member(9, null))).toBe("member 9");
  });

  it("shows refs as plain text: a known member's name, local names, other refs as they are", () => {
    expect(refName("teams:tenant-1:aad-carol", [ada, carol])).toBe("Carol");
    expect(refName("teams:tenant-1:aad-bob", [bob])).toBe("Bob");
    expect(refName("local:dave")).toBe("dave");
    expect(refName("slack:T0001:U0ADA")).toBe("slack:T0001:U0ADA");
    expect(mentionRef("slack:T0001:U0ADA")).not.toContain("<@");
  });

  it("escapes names for a TextBlock", () => {
    expect(mentionMember(member(7, "*Zed* [x](y)", "local:zed"))).toBe("\\*Zed\\* \\[x\\]\\(y\\)");
    expect(mentionRef("local:under_score")).toBe("under\\_score");
  });
});

describe("dates", () => {
  it("shows dates in UTC, saying so", () => {
    expect(formatDate(new Date("2026-03-04T09:00:00Z"))).toBe("2026-03-04 09:00 UTC");
  });

  it("shows how far a date is from now", () => {
    const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
    expect(formatRelative(at(48), NOW)).toBe("in 2 days");
    expect(formatRelative(at(5), NOW)).toBe("in 5 hours");
    expect(formatRelative(at(-3), NOW)).toBe("3 hours ago");
    expect(formatRelative(at(0.5), NOW)).toBe("in 30 minutes");
    expect(formatRelative(NOW, NOW)).toBe("in less than a minute");
  });
});
