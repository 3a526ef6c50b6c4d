export * from "./audit.js";
export * from "./domains.js";
export * from "./members.js";
export * from "./terms.js";
export * from "./outbox.js";
export * from "./proposals.js";
export * from "./chat-posts.js";
export * from "./conversations.js";
