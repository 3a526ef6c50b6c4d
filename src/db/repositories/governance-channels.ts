import { eq } from "drizzle-orm";
import type { GovernanceChannelRepository } from "../../core/ports.js";
import type { Executor } from "../database.js";
import { governanceChannels } from "../schema/index.js";

/** Each platform's governance channel chosen by command. */
export function createGovernanceChannelRepository(db: Executor): GovernanceChannelRepository {
  return {
    async get(platform) {
      const [row] = await db.select().from(governanceChannels).where(eq(governanceChannels.platform, platform));
      return row ? { channelId: row.channelId, address: row.address } : undefined;
    },
    async set(channel, now) {
      // Taken under the row's lock, so two admins choosing at once each see the channel they replaced.
      const [previous] = await db
        .select({ channelId: governanceChannels.channelId })
        .from(governanceChannels)
        .where(eq(governanceChannels.platform, channel.platform))
        .for("update");
      await db
        .insert(governanceChannels)
        .values({ platform: channel.platform, channelId: channel.channelId, address: channel.address ?? null, updatedAt: now })
        .onConflictDoUpdate({
          target: governanceChannels.platform,
          set: { channelId: channel.channelId, address: channel.address ?? null, updatedAt: now },
        });
      return previous?.channelId;
    },
  };
}
