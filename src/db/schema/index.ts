export * from "./audit.js";
export * from "./domains.js";
export * from "./members.js";
export * from "./terms.js";
