import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { runCommandText } from "../../src/commands/execute.js";
import { addDomain, changeDomainOwner, isConcordError, type CoreDeps } from "../../src/core/index.js";
import { authenticateToken, createToken, recordTokenUse, revokeToken } from "../../src/core/tokens.js";
import { apiTokens, auditEvents } from "../../src/db/schema/index.js";
import { plainText, replyView } from "../../src/views/index.js";
import { createLinks } from "../../src/web/links.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };
const sally = { ref: "local:sally" };
const sam = { ref: "local:sam" };
const sven = { ref: "local:sven" };
const nobody = { ref: "local:nobody" };
const TOKEN = /^concord_(\d+)_([A-Za-z0-9_-]{43})$/;

/** The error code and message a call failed with. */
async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work;
  } catch (error) {
    if (isConcordError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to be refused");
}

describeEachDatabase("write-API tokens", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();

  beforeEach(async () => {
    deps = coreDeps(database(), clock);
    await addDomain(deps, admin, { slug: "sales", name: "Sales" });
    await addDomain(deps, admin, { slug: "support", name: "Support" });
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: sally.ref });
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: sam.ref });
    await changeDomainOwner(deps, admin, { slug: "support", action: "add", owner: sven.ref });
  });

  const tokenRows = () => database().db.select().from(apiTokens).orderBy(asc(apiTokens.id));
  const tokenAudit = () =>
    database().db.select().from(auditEvents).where(eq(auditEvents.subjectType, "api-token")).orderBy(asc(auditEvents.id));

  it("shows the secret once and stores only its SHA-256", async () => {
    const made = await createToken(deps, admin, { scope: "admin" });
    expect(made).toMatchObject({ kind: "admin", domain: null });
    const [, id, secret] = TOKEN.exec(made.secret)!;
    expect(Number(id)).toBe(made.id);
    const [row] = await tokenRows();
    expect(row).toMatchObject({ id: made.id, kind: "admin", domainId: null, createdByRef: ADMIN, revokedAt: null, lastUsedAt: null });
    expect(row!.hash).toBe(createHash("sha256").update(secret!).digest("base64url"));
    // Nothing stored, and nothing audited, holds the secret.
    const everything = JSON.stringify([await tokenRows(), await tokenAudit()]);
    expect(everything).not.toContain(secret);
    expect((await tokenAudit()).map((e) => [e.action, e.subjectId, e.actorRef, e.after])).toEqual([
      ["token.created", String(made.id), ADMIN, { kind: "admin", domain: null }],
    ]);
    // Two tokens never share a secret.
    const other = await createToken(deps, admin, { scope: "admin" });
    expect(TOKEN.exec(other.secret)![2]).not.toBe(secret);
  });

  it("lets only admins make admin tokens, and a domain's owners or an admin make the domain's", async () => {
    expect(await refusal(createToken(deps, sally, { scope: "admin" }))).toMatchObject({ code: "forbidden" });
    expect(await refusal(createToken(deps, sven, { scope: "sales" }))).toEqual({
      code: "forbidden",
      message: "Only an admin or an owner of Sales (sales) can make a token for it.",
    });
    expect(await refusal(createToken(deps, nobody, { scope: "sales" }))).toMatchObject({ code: "forbidden" });
    expect(await refusal(createToken(deps, sally, { scope: "marketing" }))).toMatchObject({ code: "unknown-domain" });
    expect(await tokenRows()).toEqual([]);
    expect(await tokenAudit()).toEqual([]);

    const bySally = await createToken(deps, sally, { scope: "sales" });
    expect(bySally).toMatchObject({ kind: "domain", domain: { slug: "sales", name: "Sales" } });
    const byAdmin = await createToken(deps, admin, { scope: "support" });
    expect(byAdmin.domain?.slug).toBe("support");
    expect((await tokenRows()).map((r) => [r.kind, r.createdByRef])).toEqual([
      ["domain", sally.ref],
      ["domain", ADMIN],
    ]);
    expect((await tokenAudit()).map((e) => e.after)).toEqual([
      { kind: "domain", domain: "sales" },
      { kind: "domain", domain: "support" },
    ]);
  });

  it("authenticates a good token as its maker and refuses malformed, wrong and unknown ones", async () => {
    const made = await createToken(deps, sally, { scope: "sales" });
    clock.advance(60_000);
    const bearer = await authenticateToken(deps, made.secret);
    expect(bearer).toEqual({ id: made.id, kind: "domain", domain: { id: made.domain!.id, slug: "sales", name: "Sales" }, actor: { ref: sally.ref } });
    // Checking a token writes nothing; a request that wrote through it records the use.
    expect((await tokenRows())[0]!.lastUsedAt).toBeNull();
    await recordTokenUse(deps, made.id);
    expect((await tokenRows())[0]!.lastUsedAt).toEqual(clock.now());

    const [, , secret] = TOKEN.exec(made.secret)!;
    const flipped = `${secret!.slice(0, -1)}${secret!.endsWith("A") ? "B" : "A"}`;
    for (const wrong of [
      "",
      secret!,
      `concord_${made.id}_${flipped}`,
      `concord_${made.id + 1}_${secret}`,
      `concord_99999999999_${secret}`,
      `concord_0${made.id}_${secret}`,
      `${made.secret} `,
    ]) {
      expect(await authenticateToken(deps, wrong), wrong).toBeUndefined();
    }
  });

  it("lets the maker, an admin or the domain's owners revoke a token, and refuses it once revoked", async () => {
    const sallys = await createToken(deps, sally, { scope: "sales" });
    const admins = await createToken(deps, admin, { scope: "admin" });
    const forSupport = await createToken(deps, admin, { scope: "support" });

    expect(await refusal(revokeToken(deps, sven, sallys.id))).toMatchObject({ code: "forbidden" });
    expect(await refusal(revokeToken(deps, sally, admins.id))).toEqual({
      code: "forbidden",
      message: `Only its maker or an admin can revoke token #${admins.id}.`,
    });
    expect(await refusal(revokeToken(deps, nobody, 999))).toEqual({ code: "not-found", message: "There is no token #999." });
    expect((await tokenRows()).every((r) => r.revokedAt === null)).toBe(true);

    // Sam owns Sales with Sally: he may revoke the token she made for it.
    clock.advance(1_000);
    expect(await revokeToken(deps, sam, sallys.id)).toMatchObject({ id: sallys.id, kind: "domain", domain: { slug: "sales" } });
    expect(await authenticateToken(deps, sallys.secret)).toBeUndefined();
    expect(await refusal(revokeToken(deps, sally, sallys.id))).toEqual({
      code: "closed",
      message: `Token #${sallys.id} was already revoked; nothing changed.`,
    });
    // Sven owns Support, the token's domain, though an admin made it.
    await revokeToken(deps, sven, forSupport.id);
    await revokeToken(deps, admin, admins.id);
    expect(await authenticateToken(deps, admins.secret)).toBeUndefined();

    expect((await tokenRows()).map((r) => r.revokedAt)).toEqual([clock.now(), clock.now(), clock.now()]);
    const revoked = (await tokenAudit()).filter((e) => e.action === "token.revoked");
    expect(revoked.map((e) => [e.subjectId, e.actorRef])).toEqual([
      [String(sallys.id), sam.ref],
      [String(forSupport.id), sven.ref],
      [String(admins.id), ADMIN],
    ]);
    expect(revoked[0]!.after).toEqual({ kind: "domain", domain: "sales", revokedAt: clock.now().toISOString() });
  });

  it("is made from chat only where the reply is seen by its maker alone, and revoked anywhere", async () => {
    const inChannel = await runCommandText(deps, { actor: admin, platform: "teams", channelId: "19:general@thread.tacv2" }, "token new admin");
    expect(inChannel).toEqual({
      kind: "error",
      message:
        "A token's secret is shown only to the one who makes it, so `token new` works in a personal chat with Concord (open a chat with the bot), not in a channel or group. Send `token new admin` there; nothing was made here.",
    });
    expect(await tokenRows()).toEqual([]);
    expect(await tokenAudit()).toEqual([]);

    const reply = await runCommandText(deps, { actor: admin, platform: "local", channelId: "console", repliesPrivately: true }, "token new admin");
    expect(reply.kind).toBe("token-created");
    const secret = reply.kind === "token-created" ? reply.made.secret : "";
    const view = replyView(reply, { links: createLinks("https://concord.example.com"), now: clock.now() });
    expect(view.kind === "message" && view.summary).toBe("Your new token #1 (shown once).");
    expect(JSON.stringify(view)).toContain(secret);
    expect(view.kind === "message" && view.blocks.map((b) => ("text" in b && Array.isArray(b.text) ? plainText(b.text) : "")).join("\n")).toMatch(
      /Revoke it with .token revoke 1.\./,
    );

    const refused = await runCommandText(deps, { actor: sven, platform: "slack", repliesPrivately: true }, "token revoke 1");
    expect(refused).toEqual({ kind: "error", message: "Only its maker or an admin can revoke token #1." });
    const revoked = await runCommandText(deps, { actor: admin, platform: "teams", channelId: "19:general@thread.tacv2" }, "token revoke #1");
    expect(revoked).toEqual({ kind: "token-revoked", revoked: { id: 1, kind: "admin", domain: null } });
    expect(await authenticateToken(deps, secret)).toBeUndefined();
  });

  it("lets a maker revoke their own admin token after they stop being an admin", async () => {
    const made = await createToken(deps, admin, { scope: "admin" });
    const former = { ...deps, access: { admins: new Set<string>() } };
    await revokeToken(former, admin, made.id);
    expect(await authenticateToken(deps, made.secret)).toBeUndefined();
  });
});
