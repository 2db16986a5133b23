// The reference front end of L'Heure Civique's API: a commune's page, its agenda and the idea
// box read from /api/v2/, and the sign-up form posted to /api/v2/sign-up/. Plain JavaScript,
// no build step, no dependency: what any front end (Next.js, Nuxt, a mobile app) does.
//
// Its address says where the API is and which page to show:
//   index.html?api=https://heurecivique.example.org&page=/mayenne/laval/
// The site's e-mails to a volunteer who signed up here open this address too (the site's
// HEADLESS_FRONT_END_URLS), with the link's token in `confirm`, `space` or `register`: the
// page sends it back to the API and says what happened (handleLink below).
"use strict";

const params = new URLSearchParams(window.location.search);
const SITE = (params.get("api") || "http://127.0.0.1:8000").replace(/\/+$/, "");
const API = `${SITE}/api/v2/`;
const PAGE_PATH = params.get("page") || "/mayenne/laval/";
// The page's language, asked of the API: its messages and the volunteer's e-mails follow it (a
// browser's own Accept-Language would answer a French page in English).
const LANGUAGE = document.documentElement.lang || "fr";
const WHEN = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "full",
  timeStyle: "short",
  timeZone: "Europe/Paris",
});

// No cookie is sent or needed: the API is public, its forms act on no session.
async function getJSON(path) {
  const response = await fetch(API + path, {
    headers: { Accept: "application/json", "Accept-Language": LANGUAGE },
  });
  if (!response.ok) {
    throw new Error(`${path}: ${response.status}`);
  }
  return response.json();
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text) {
    node.textContent = text;
  }
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  return node;
}

// Rich text comes as HTML with absolute links (the API's default): written by the site's
// editors, shown as it is, as the site's own pages do.
function richText(container, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const script of template.content.querySelectorAll("script")) {
    script.remove();
  }
  container.replaceChildren(template.content);
}

function renderBody(container, body) {
  container.replaceChildren();
  for (const block of body || []) {
    const part = element("div", "", { class: `block block-${block.type}` });
    if (typeof block.value === "string") {
      richText(part, block.value);
    } else if (block.type === "image" && block.value && block.value.url) {
      part.append(element("img", "", { src: block.value.url, alt: block.value.alt || "" }));
    } else {
      continue;
    }
    container.append(part);
  }
}

async function renderCommune() {
  // find/ answers with a redirect to the page's own address in the API (fields kept).
  const page = await getJSON(`pages/find/?html_path=${encodeURIComponent(PAGE_PATH)}&fields=*`);
  document.getElementById("commune-title").textContent = page.title;
  document.getElementById("commune-intro").textContent = page.intro || "";
  renderBody(document.getElementById("commune-body"), page.body);
  document.title = `${page.title} — L'Heure Civique`;
  document.getElementById("commune").hidden = false;
  return page;
}

async function renderAgenda(page) {
  const code = page.commune ? page.commune.code : "";
  const answer = await getJSON(`actions/?commune=${encodeURIComponent(code)}&limit=10&fields=*`);
  const list = document.getElementById("agenda-list");
  list.replaceChildren();
  for (const action of answer.items) {
    const item = element("li");
    const heading = element("h3");
    heading.append(element("a", action.title, { href: action.html_url }));
    item.append(heading);
    item.append(element("p", WHEN.format(new Date(action.start))));
    if (action.address) {
      item.append(element("p", action.address));
    }
    const registration = action.registration;
    if (registration && registration.required) {
      const places = registration.full
        ? "Complet : liste d'attente"
        : registration.places_left === null
          ? "Inscription ouverte"
          : `${registration.places_left} place(s) libre(s)`;
      item.append(element("p", places));
    }
    list.append(item);
  }
  document.getElementById("agenda-empty").hidden = answer.items.length > 0;
  document.getElementById("agenda").hidden = false;
}

async function showGesture(id) {
  const gesture = await getJSON(`gestures/${id}/`);
  document.getElementById("gesture-title").textContent = gesture.title;
  document.getElementById("gesture-summary").textContent = gesture.summary || "";
  richText(document.getElementById("gesture-how-to"), gesture.how_to || "");
  document.getElementById("gesture").hidden = false;
}

async function renderIdeaBox() {
  const answer = await getJSON("gestures/?limit=6&fields=summary");
  const list = document.getElementById("gesture-list");
  list.replaceChildren();
  for (const gesture of answer.items) {
    const item = element("li");
    item.append(element("h3", gesture.title));
    item.append(element("p", gesture.summary || ""));
    const button = element("button", "Lire ce geste", { type: "button" });
    button.append(element("span", ` : ${gesture.title}`, { class: "visually-hidden" }));
    button.addEventListener("click", () => showGesture(gesture.id));
    item.append(button);
    list.append(item);
  }
  document.getElementById("idea-box").hidden = false;
  if (answer.items.length) {
    await showGesture(answer.items[0].id);
  }
}

// --- The sign-up: JSON in, field-by-field errors (in the browser's language) out -----------

function clearErrors(form) {
  for (const error of form.querySelectorAll(".error")) {
    error.remove();
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
  document.getElementById("sign-up-errors").hidden = true;
}

function showErrors(form, errors) {
  const summary = document.getElementById("sign-up-errors");
  const list = document.getElementById("sign-up-error-list");
  list.replaceChildren();
  for (const [name, messages] of Object.entries(errors)) {
    const input = form.elements.namedItem(name);
    const text = messages.join(" ");
    const item = element("li");
    if (input) {
      const id = `${name}-error`;
      const message = element("p", text, { class: "error", id });
      input.closest(".field").append(message);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", id);
      item.append(element("a", text, { href: `#${name}` }));
    } else {
      item.textContent = text;
    }
    list.append(item);
  }
  summary.hidden = false;
  summary.focus();
}

async function signUp(event) {
  event.preventDefault();
  const form = event.target;
  const status = document.getElementById("sign-up-status");
  clearErrors(form);
  status.textContent = "Envoi…";
  const body = {
    first_name: form.elements.first_name.value,
    last_name: form.elements.last_name.value,
    email: form.elements.email.value,
    postal_code: form.elements.postal_code.value,
    charter: form.elements.charter.checked,
    contact_consent: form.elements.contact_consent.checked,
  };
  let response;
  try {
    response = await fetch(`${API}sign-up/`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Accept-Language": LANGUAGE,
      },
      body: JSON.stringify(body),
    });
  } catch {
    status.textContent = "Le site ne répond pas : réessayez dans un moment.";
    return;
  }
  const answer = await response.json();
  if (response.status === 400 && answer.errors) {
    status.textContent = "";
    showErrors(form, answer.errors);
    return;
  }
  status.textContent = answer.message || "";
  if (response.ok) {
    form.reset();
  }
}

// --- The e-mailed links: their token sent back to the API ----------------------------------

async function postJSON(path, body, headers = {}) {
  const response = await fetch(API + path, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "Accept-Language": LANGUAGE,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { response, answer: await response.json() };
}

// What a link's answer says when it opens nothing: the token's error (expired, already used).
function problem(answer) {
  if (answer.errors && answer.errors.token) {
    return answer.errors.token.join(" ");
  }
  return answer.message || "Ce lien n'a pas pu être ouvert.";
}

function showNext(text, href) {
  const link = document.getElementById("link-next-link");
  link.textContent = text;
  link.href = href;
  document.getElementById("link-next").hidden = false;
}

async function confirmSignUp(token) {
  const { response, answer } = await postJSON("confirmation/", { token });
  if (!response.ok) {
    return problem(answer);
  }
  if (answer.then_action) {
    showNext(`Je m'inscris à : ${answer.then_action.title}`, answer.then_action.url);
  }
  return answer.message;
}

async function register(token) {
  const { response, answer } = await postJSON("registrations/", { token });
  if (!response.ok) {
    return problem(answer);
  }
  showNext(answer.action.title, answer.action.url);
  return answer.message;
}

// The space's e-mailed link opens once: it gives this visit's token, sent as a Bearer token.
async function openSpace(token) {
  const opened = await postJSON("space/open/", { token });
  if (!opened.response.ok) {
    return problem(opened.answer);
  }
  const response = await fetch(`${API}space/`, {
    headers: {
      Accept: "application/json",
      "Accept-Language": LANGUAGE,
      Authorization: `Bearer ${opened.answer.token}`,
    },
  });
  const space = await response.json();
  if (!response.ok) {
    return problem(space);
  }
  const list = document.getElementById("space-upcoming");
  list.replaceChildren();
  for (const registration of space.upcoming) {
    const item = element("li");
    item.append(element("a", registration.action.title, { href: registration.action.url }));
    if (registration.action.start) {
      item.append(element("p", WHEN.format(new Date(registration.action.start))));
    }
    list.append(item);
  }
  document.getElementById("space-empty").hidden = space.upcoming.length > 0;
  document.getElementById("space").hidden = false;
  return `Bonjour ${space.volunteer.first_name}, voici votre espace.`;
}

const LINKS = {
  confirm: ["Votre inscription", confirmSignUp],
  space: ["Mon espace bénévole", openSpace],
  register: ["Votre inscription à une action", register],
};

async function handleLink() {
  const name = Object.keys(LINKS).find((key) => params.has(key));
  if (!name) {
    return;
  }
  const token = params.get(name);
  // The token leaves the address bar and the history: a link opens once.
  const address = new URL(window.location.href);
  address.searchParams.delete(name);
  window.history.replaceState(null, "", address);
  const [title, send] = LINKS[name];
  const section = document.getElementById("link");
  document.getElementById("link-title").textContent = title;
  section.hidden = false;
  const status = document.getElementById("link-status");
  status.textContent = "Un instant…";
  try {
    status.textContent = await send(token);
  } catch {
    status.textContent = "Le site ne répond pas : réessayez dans un moment.";
  }
  section.focus();
}

async function start() {
  document.getElementById("sign-up-form").addEventListener("submit", signUp);
  await handleLink();
  const loading = document.getElementById("loading");
  try {
    const page = await renderCommune();
    await Promise.all([renderAgenda(page), renderIdeaBox()]);
    loading.textContent = "";
    loading.hidden = true;
  } catch (error) {
    loading.textContent = `La page n'a pas pu être chargée (${error.message}).`;
  }
}

start();
