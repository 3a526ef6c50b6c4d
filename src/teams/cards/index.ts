export * from "./actions.js";
export * from "./build.js";
export * from "./text.js";
export * from "./diff.js";
export * from "./replies.js";
export * from "./proposal.js";
export * from "./forms.js";
export * from "./digest.js";
