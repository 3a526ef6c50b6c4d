import { describe, expect, it } from "vitest";
import { diffWords } from "../../../src/core/text/index.js";
import { formatRelative } from "../../../src/commands/format.js";
import { createLinks } from "../../../src/web/links.js";
import {
  channelLink,
  escapeMrkdwn,
  formatDate,
  formatDiff,
  link,
  mention,
  mentionMember,
  truncate,
  truncatePlain,
} from "../../../src/slack/blocks/text.js";
import { carol, dave, EVIL, NOW, words } from "./fixtures.js";

describe("escapeMrkdwn", () => {
  it("escapes &, < and > so user text cannot mention, link or ping a channel", () => {
    expect(escapeMrkdwn(EVIL)).toBe(
      "Ping &lt;!channel&gt; then &lt;https://evil.example|click here&gt; &amp; thank &lt;@U999&gt;",
    );
    expect(escapeMrkdwn(EVIL)).not.toMatch(/[<>]/);
  });

  it("escapes an ampersand before the brackets, so an escape typed by a user stays literal", () => {
    expect(escapeMrkdwn("&lt;!here&gt;")).toBe("&amp;lt;!here&amp;gt;");
  });
});

describe("truncate", () => {
  it("leaves short text alone", () => {
    expect(truncate("A short definition.", 100)).toBe("A short definition.");
  });

  it("cuts on a word boundary with an ellipsis, within the limit", () => {
    const cut = truncate("alpha beta gamma delta epsilon", 17);
    expect(cut).toBe("alpha beta gamma…");
    expect(cut.length).toBeLessThanOrEqual(17);
  });

  it("appends a link to the full text and still fits the limit", () => {
    const url = "https://concord.example.com/terms/customer";
    const cut = truncate(words(4000), 3000, url);
    expect(cut.length).toBeLessThanOrEqual(3000);
    expect(cut.endsWith(`… <${url}|Read the full definition>`)).toBe(true);
    expect(cut).not.toMatch(/revenu… /);
  });

  it("cuts one very long word hard rather than dropping everything", () => {
    const cut = truncate(`a ${"x".repeat(500)}`, 100);
    expect(cut.length).toBe(100);
    expect(cut.startsWith("a xxx")).toBe(true);
  });

  it("never splits an escape such as &amp; or a surrogate pair", () => {
    const escaped = escapeMrkdwn("x".repeat(8) + "&&&&");
    for (let max = 9; max < escaped.length; max++) {
      const cut = truncate(escaped, max);
      expect(cut).not.toMatch(/&[a-z]*…$/);
      expect(cut.length).toBeLessThanOrEqual(max);
    }
    const emoji = "😀".repeat(10);
    for (let max = 2; max < emoji.length; max++) {
      expect(truncate(emoji, max)).not.toMatch(/[\uD800-\uDBFF]…/);
    }
  });

  it("never leaves a half <…> token", () => {
    const cut = truncate(`see ${"w ".repeat(20)}<https://example.com/x|a link>`, 50);
    expect(cut).not.toMatch(/<[^>]*$/);
  });

  it("cuts plain text for headers and buttons", () => {
    expect(truncatePlain("x".repeat(200), 150)).toHaveLength(150);
    expect(truncatePlain("short", 150)).toBe("short");
  });
});

describe("mention", () => {
  it("renders a Slack ref as a mention", () => {
    expect(mention("slack:T0001:U0ADA")).toBe("<@U0ADA>");
    expect(mention("slack:E0001:W0ABC")).toBe("<@W0ABC>");
  });

  it("renders Teams and local refs as escaped plain text", () => {
    expect(mention("teams:tenant-1:aad-carol")).toBe("teams:tenant-1:aad-carol");
    expect(mention("local:<!channel>")).toBe("local:&lt;!channel&gt;");
  });

  it("does not trust a malformed Slack ref", () => {
    expect(mention("slack:T1:U1> <!channel")).toBe("slack:T1:U1&gt; &lt;!channel");
  });

  it("names a member by their Slack identity, else their name, else their ref", () => {
    expect(mentionMember({ id: 9, displayName: "Zed", refs: ["teams:t:z", "slack:T1:U0ZED"] })).toBe("<@U0ZED>");
    expect(mentionMember(carol)).toBe("Carol");
    expect(mentionMember(dave)).toBe("local:dave");
    expect(mentionMember({ id: 9, displayName: "<!here>", refs: [] })).toBe("&lt;!here&gt;");
  });

  it("links Slack channel ids and escapes anything else", () => {
    expect(channelLink("C0123ABC")).toBe("<#C0123ABC>");
    expect(channelLink("19:abc@thread.tacv2")).toBe("19:abc@thread.tacv2");
  });
});

describe("links", () => {
  it("builds page addresses under the public URL, encoded", () => {
    const links = createLinks("https://concord.example.com/");
    expect(links.term("churn-rate")).toBe("https://concord.example.com/terms/churn-rate");
    expect(links.history("a b/c")).toBe("https://concord.example.com/terms/a%20b%2Fc/history");
    expect(links.proposal(12)).toBe("https://concord.example.com/proposals/12");
  });

  it("escapes a link's label and keeps its URL from ending early", () => {
    expect(link("https://x.example/a|b", "<b> & c")).toBe("<https://x.example/a%7Cb|&lt;b&gt; &amp; c>");
  });
});

describe("dates", () => {
  it("says how far a deadline is", () => {
    const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
    expect(formatRelative(at(48), NOW)).toBe("in 2 days");
    expect(formatRelative(at(23), NOW)).toBe("in 23 hours");
    expect(formatRelative(at(1), NOW)).toBe("in 60 minutes");
    expect(formatRelative(at(0.001), NOW)).toBe("in less than a minute");
    expect(formatRelative(at(-72), NOW)).toBe("3 days ago");
    expect(formatRelative(at(24), NOW)).toBe("in 24 hours");
    expect(formatRelative(at(40), NOW)).toBe("in 2 days");
  });

  it("shows dates in the reader's time zone with a UTC fallback", () => {
    expect(formatDate(NOW)).toBe("<!date^1772442000^{date_short_pretty} at {time}|2026-03-02 09:00 UTC>");
  });
});

describe("formatDiff", () => {
  it("strikes removed words and bolds added ones, outside the spaces", () => {
    const diff = diffWords("paid in the last 24 months", "paid in the last 12 months");
    expect(formatDiff(diff)).toBe("paid in the last ~24~ *12* months");
  });

  it("escapes the words it shows", () => {
    const diff = diffWords("safe text", "safe <!channel> text");
    const shown = formatDiff(diff);
    expect(shown).toContain("&lt;!channel&gt;");
    expect(shown).not.toContain("<!channel>");
  });
});
