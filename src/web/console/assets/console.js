// The local console: shows Concord's messages and sends what is typed or clicked to the console API, as the persona
// picked on the left.
"use strict";

const $ = (id) => document.getElementById(id);
// The channel is pushed by server-sent events; the poll is only a fallback for a dropped stream.
const FEED_POLL_MS = 5000;
let persona = normalise(localStorage.getItem("concord.persona") || "ada");
let lastFeed = "";

function normalise(name) {
  return String(name).trim().toLowerCase();
}

// Concord's messages come as markup the server built from its views, every text escaped there. A button carries its
// action in data-action; clicking it sends the action with the values of the card's inputs merged in.
function renderCard(markup) {
  const holder = document.createElement("div");
  holder.innerHTML = markup;
  const card = holder.firstElementChild ?? holder;
  for (const button of card.querySelectorAll("button[data-action]")) {
    button.addEventListener("click", () => execute(card, button));
  }
  return card;
}

async function execute(card, button) {
  let data;
  try {
    data = JSON.parse(button.dataset.action);
  } catch {
    data = {};
  }
  for (const input of card.querySelectorAll("textarea[name], input[name], select[name]")) {
    data[input.name] = input.multiple ? [...input.selectedOptions].map((o) => o.value).join(",") : input.value;
  }
  await send("/console/api/action", { persona, data }, button.textContent || "Clicked");
}

function message(className, content, meta) {
  const element = document.createElement("div");
  element.className = "message " + className;
  if (meta) {
    const label = document.createElement("div");
    label.className = "meta";
    label.textContent = meta;
    element.append(label);
  }
  if (typeof content === "string") element.append(document.createTextNode(content));
  else element.append(content);
  return element;
}

function addToConversation(element) {
  const conversation = $("conversation");
  conversation.querySelector(".muted")?.remove();
  conversation.append(element);
  conversation.scrollTop = conversation.scrollHeight;
}

function showReply(reply) {
  if (reply.html) addToConversation(message("bot", renderCard(reply.html), "Concord"));
  else addToConversation(message("bot text", reply.text ?? "", "Concord"));
}

// The conversation pane holds one persona's replies: a reply that arrives after a switch belongs to the persona
// who asked, so it is not shown to the next one.
async function send(path, body, echo) {
  const asker = persona;
  addToConversation(message("mine", echo, asker));
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({ message: "The console could not read the answer." }));
    if (persona !== asker) return;
    if (!response.ok) {
      addToConversation(message("bot text", answer.message ?? "The console could not read the answer.", "Concord"));
      return;
    }
    for (const reply of answer.messages ?? []) showReply(reply);
  } catch {
    addToConversation(message("bot text", "Concord is not answering: is `npm start` still running?", "Console"));
  }
  refreshFeed();
  refreshPersonas();
}

function time(iso) {
  return new Date(iso).toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit" });
}

function renderFeedMessages(container, items, empty) {
  container.replaceChildren();
  if (items.length === 0) {
    const note = document.createElement("p");
    note.className = "muted";
    note.textContent = empty;
    container.append(note);
    return;
  }
  for (const item of items) {
    const by = item.sharedBy ? " · shared by " + item.sharedBy : "";
    const element = message("posted", renderCard(item.html), "Concord" + by + " · " + time(item.at));
    element.dataset.id = item.id;
    if (item.thread.length > 0) {
      const thread = document.createElement("div");
      thread.className = "thread";
      const label = document.createElement("div");
      label.className = "label";
      label.textContent = item.thread.length === 1 ? "1 reply" : item.thread.length + " replies";
      thread.append(label);
      for (const reply of item.thread) thread.append(message("reply", renderCard(reply.html), "Concord · " + time(reply.at)));
      element.append(thread);
    }
    container.append(element);
  }
  container.scrollTop = container.scrollHeight;
}

let refreshing = false;
let refreshAgain = false;

// One fetch at a time: a change announced during a fetch is fetched right after it.
async function refreshFeed() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    do {
      refreshAgain = false;
      await fetchFeed();
    } while (refreshAgain);
  } finally {
    refreshing = false;
  }
}

async function fetchFeed() {
  try {
    const response = await fetch("/console/api/feed?persona=" + encodeURIComponent(persona));
    if (!response.ok) return;
    const text = await response.text();
    // Re-rendering only on change keeps what someone is typing into a card (an objection's reason) intact.
    if (text === lastFeed) return;
    lastFeed = text;
    const feed = JSON.parse(text);
    renderFeedMessages($("channel"), feed.channel, "Nothing posted yet: proposals appear here as they open.");
    renderFeedMessages($("direct"), feed.direct, "Reminders for this persona appear here.");
  } catch {
    // The server may be restarting; the next poll tries again.
  }
}

async function refreshPersonas() {
  const response = await fetch("/console/api/personas").catch(() => undefined);
  if (!response?.ok) return;
  const { personas } = await response.json();
  if (!personas.some((p) => p.name === persona)) personas.unshift({ name: persona, admin: false, owns: [] });
  const list = $("persona-list");
  list.replaceChildren();
  for (const p of personas) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.persona = p.name;
    if (p.name === persona) button.setAttribute("aria-current", "true");
    const roles = [p.admin ? "admin" : "", p.owns.length ? "owns " + p.owns.join(", ") : ""].filter(Boolean).join(" · ");
    button.append(document.createTextNode(p.name + " "));
    const small = document.createElement("small");
    small.textContent = roles || "member";
    button.append(small);
    button.addEventListener("click", () => usePersona(p.name));
    item.append(button);
    list.append(item);
  }
}

// Another persona starts with an empty conversation: the replies and buttons shown to the last one are not theirs.
function clearConversation() {
  const note = document.createElement("p");
  note.className = "muted";
  note.textContent = "Acting as " + persona + ": replies only " + persona + " sees appear here. Type help to see every command.";
  $("conversation").replaceChildren(note);
}

function usePersona(name) {
  const previous = persona;
  persona = normalise(name);
  localStorage.setItem("concord.persona", persona);
  if (persona !== previous) clearConversation();
  $("persona-name").textContent = persona;
  $("persona-ref").textContent = "local:" + persona;
  lastFeed = "";
  refreshPersonas();
  refreshFeed();
}

$("persona-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("persona-input");
  if (!input.value.trim()) return;
  usePersona(input.value);
  input.value = "";
});

$("command-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("command");
  // An empty command is sent too: Concord answers it with help, as Slack answers an empty /glossary.
  const text = input.value.trim();
  input.value = "";
  send("/console/api/command", { persona, text }, text || "(an empty command)");
});

usePersona(persona);
setInterval(refreshFeed, FEED_POLL_MS);
if (typeof EventSource === "function") {
  const events = new EventSource("/console/api/events");
  events.addEventListener("feed", () => refreshFeed());
  // After a reconnection, fetch what may have been missed while the stream was down.
  events.addEventListener("open", () => refreshFeed());
}
$("command").focus();
