export * from "./ids.js";
export * from "./text.js";
export * from "./limits.js";
export * from "./actions.js";
export * from "./convert.js";
export * from "./modal.js";
