export * from "./ids.js";
export * from "../../web/links.js";
export * from "./text.js";
export * from "./limits.js";
export * from "./replies.js";
export * from "./proposal.js";
export * from "./modals.js";
export * from "./home.js";
