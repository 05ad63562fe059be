// Calls to pagerlab's HTTP API. A refusal (RFC 9457 problem) becomes a thrown ApiProblem carrying its detail and code.

export class ApiProblem extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.code = problem.code || '';
    this.status = status;
  }
}

export async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  if (!response.ok) {
    throw new ApiProblem(data || {}, response.status);
  }
  return data;
}

/** Like api(), for documents that are not JSON (a YAML exercise): sends text as contentType, answers the text. */
export async function apiText(method, path, { body, contentType, accept } = {}) {
  const init = { method, headers: { Accept: `${accept}, application/problem+json` } };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType;
    init.body = body;
  }
  const response = await fetch(path, init);
  const text = await response.text();
  if (!response.ok) {
    let problem = { detail: text };
    try { problem = JSON.parse(text); } catch { /* not a problem document: its text is the detail */ }
    throw new ApiProblem(problem, response.status);
  }
  return text;
}

/** Shows an error (or clears it with null) in a form's <output class="problem">. */
export function showProblem(output, error) {
  if (!output) return;
  if (!error) {
    output.textContent = '';
    output.classList.remove('visible');
    return;
  }
  output.textContent = error.code ? `${error.code}: ${error.message}` : error.message;
  output.classList.add('visible');
}

/** Copies text to the clipboard; answers whether it worked (clipboard needs a secure context or a user gesture). */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function el(name, attributes = {}, ...children) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(key, value);
  }
  for (const child of children) {
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}
