export * from "./actions.js";
export * from "./build.js";
export * from "./text.js";
export * from "./diff.js";
export * from "./markdown.js";
export * from "./convert.js";
export * from "./form.js";
