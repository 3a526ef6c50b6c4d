import { createServer, connect, type Server, type Socket } from "node:net";

/** A TCP proxy in front of a database that can stop forwarding for a while, as a congested network would. */
export interface StallingProxy {
  /** The database URL with its host and port replaced by the proxy's. */
  readonly url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Whether the proxy is stalled now. */
  readonly stalled: boolean;
  /**
   * Stops forwarding in both directions for `ms`: sockets stay open, bytes (and new connections) wait in the
   * proxy, and nothing is closed. Resolves once everything held has been forwarded again.
   */
  stall(ms: number): Promise<void>;
  close(): Promise<void>;
}

type Held = { to: Socket; chunk: Buffer } | { to: Socket; end: true };

/** Starts a proxy on loopback forwarding to the host and port of `databaseUrl`. */
export async function startStallingProxy(databaseUrl: string): Promise<StallingProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let held: Held[] | undefined;
  let accepted = 0;

  const forward = (from: Socket, to: Socket) => {
    from.on("data", (chunk) => {
      if (held) held.push({ to, chunk });
      else to.write(chunk);
    });
    from.on("end", () => {
      if (held) held.push({ to, end: true });
      else to.end();
    });
    from.on("error", () => to.destroy());
    from.on("close", () => {
      // A socket that closed while stalled still has its bytes delivered first; then its peer is ended.
      if (held) held.push({ to, end: true });
      else to.destroy();
    });
  };

  const server: Server = createServer((client) => {
    accepted += 1;
    const upstream = connect({ host: target.hostname, port: Number(target.port || 5432) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);

  return {
    url: url.toString(),
    get accepted() {
      return accepted;
    },
    get stalled() {
      return held !== undefined;
    },
    async stall(ms) {
      if (held) throw new Error("the proxy is already stalled");
      held = [];
      await new Promise((resolve) => setTimeout(resolve, ms));
      const release = held;
      held = undefined;
      for (const item of release) {
        if (item.to.destroyed) continue;
        if ("end" in item) item.to.end();
        else item.to.write(item.chunk);
      }
    },
    close: () =>
      new Promise((resolve) => {
        held = undefined;
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
