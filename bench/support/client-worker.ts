/**
 * The load generator and the fake Slack, in a worker thread of their own: Concord (and PGlite, which runs queries
 * on the thread that calls it) keeps the main thread busy, and a client on that thread would time its own waiting.
 */
import { parentPort } from "node:worker_threads";
import { startFakeSlack } from "./fake-slack.js";
import { postSigned } from "./signed.js";
import { runPool } from "./stats.js";
import type { ClientReply, ClientRequest, SentTiming } from "./client.js";

const port = parentPort!;
const fake = await startFakeSlack();
/** Milliseconds since the epoch, sub-millisecond, comparable across threads. */
const clock = () => performance.timeOrigin + performance.now();

port.on("message", async (message: ClientRequest) => {
  if (message.type === "close") {
    await fake.close();
    port.close();
    return;
  }
  const timings: SentTiming[] = new Array(message.requests.length);
  await runPool(message.requests, message.concurrency, async (request, index) => {
    const sent = clock();
    let status = 0;
    try {
      status = await postSigned(message.base, request.body, message.secret);
    } catch {
      status = -1;
    }
    const acked = clock();
    try {
      const answer = await fake.response(request.id, message.answerTimeoutMs);
      timings[index] = { id: request.id, status, sent, acked, answered: performance.timeOrigin + answer.at, text: String(answer.body.text ?? "").slice(0, 300) };
    } catch {
      timings[index] = { id: request.id, status, sent, acked, answered: null, text: "" };
    }
  });
  const reply: ClientReply = { type: "done", batch: message.batch, timings };
  port.postMessage(reply);
});

const ready: ClientReply = { type: "ready", apiUrl: fake.apiUrl, responseBase: fake.responseUrl("") };
port.postMessage(ready);
