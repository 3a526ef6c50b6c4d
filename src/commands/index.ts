export * from "./intents.js";
export * from "./parse.js";
export * from "./help.js";
