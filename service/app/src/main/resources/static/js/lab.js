// The live page of one lab: its region maps drawn (layout.svg), its threads, fault handlers and event log, kept
// up to date from the lab's event stream; forms for what the API does; the fault stepper; the count of mappings a
// single-page pager would need; and trace runs drawn as bars.
import { api, showProblem, copy, el } from './api.js';
import * as stepper from './stepper.js';
import { showReport } from './report.js';
import * as traces from './traces.js';

const labId = decodeURIComponent(location.pathname.split('/')[2] ?? 'default');
const base = `/api/v1/labs/${encodeURIComponent(labId)}`;
const params = new URLSearchParams(location.search);
const $ = id => document.getElementById(id);

const state = {
  rms: [], threads: [], handlers: [], dataspaces: [],
  rm: params.get('rm'),
  fault: null,          // {thread, addr, type, result}
  step: 0,
  platform: null,       // the lab's platform name
  pageLog2: null,       // its page size, log2 (P)
};

const EVENTS = ['dataspace-created', 'dataspace-destroyed', 'rm-session-created', 'rm-session-destroyed',
  'region-attached', 'region-detached', 'mapping-installed', 'mapping-flushed', 'fault-answered',
  'fault-reflected', 'signal-submitted', 'fault-handler-changed', 'thread-created', 'thread-stopped',
  'thread-resumed', 'lab-reset', 'reset'];

// ------------------------------------------------------------------ state and tables

async function refresh() {
  try {
    const [lab, rms, threads, handlers, dataspaces] = await Promise.all([
      api('GET', base), api('GET', `${base}/rm-sessions`), api('GET', `${base}/threads`),
      api('GET', `${base}/fault-handlers`), api('GET', `${base}/dataspaces`)]);
    Object.assign(state, { rms, threads, handlers, dataspaces });
    if (state.platform !== lab.platform) {
      state.platform = lab.platform;
      state.pageLog2 = await pageLog2(lab.platform);
    }
    $('lab-title').textContent = lab.label ? `${lab.id} \u201c${lab.label}\u201d` : lab.id;
    $('lab-summary').textContent = `platform ${lab.platform}, physical memory [${lab.physicalMemory.first}, `
      + `${lab.physicalMemory.last}], RAM in use ${lab.ramInUse}`;
    showProblem($('page-problem'), null);
  } catch (error) {
    showProblem($('page-problem'), error);
    return;
  }
  renderTables();
  renderOptions();
  traces.threadsChanged(state);
  await Promise.all([loadPicture(), loadCounter()]);
}

/** P, the page size log2: a built-in platform's from GET /platforms, a made-up one's from the lab's export. */
async function pageLog2(platform) {
  const builtIn = (await api('GET', '/api/v1/platforms')).find(p => p.name === platform);
  if (builtIn) return builtIn.pageSizeLog2;
  const exported = await api('GET', `${base}/scenario`);
  return exported.customPlatform?.pageSizeLog2 ?? null;
}

let pending = null;
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 80);
}

function row(...cells) {
  return el('tr', {}, ...cells.map(cell => el('td', {}, cell ?? '')));
}

function renderTables() {
  $('threads').tBodies[0].replaceChildren(...state.threads.map(t => row(
    `${t.id}${t.name ? ` \u201c${t.name}\u201d` : ''}`, t.rmSession, el('span', { class: `st-${t.state}` }, t.state),
    t.pendingFault ? `${t.pendingFault.type} ${t.pendingFault.addr} at ${t.pendingFault.rmSession}`
      : (t.stopReason ?? ''))));
  $('handlers').tBodies[0].replaceChildren(...state.handlers.map(h => row(
    `${h.id}${h.label ? ` \u201c${h.label}\u201d` : ''}`, h.rmSessions.join(', '), h.submitted, h.undelivered)));
  $('rms').tBodies[0].replaceChildren(...state.rms.map(r => row(
    `${r.id}${r.label ? ` \u201c${r.label}\u201d` : ''}`, r.size, r.regions.length, r.faultHandler ?? '',
    r.state.type === 'READY' ? 'READY' : `${r.state.type} ${r.state.addr}`)));
  $('dataspaces').tBodies[0].replaceChildren(...state.dataspaces.map(d => row(
    d.id, d.type === 'MANAGED' ? `MANAGED (${d.rmSession})` : d.type, d.size, d.physAddr ?? '', d.attachments)));
}

function fillSelect(select, items, value, text) {
  const previous = select.value;
  select.replaceChildren(...items.map(item => el('option', { value: value(item) }, text(item))));
  if (items.some(item => value(item) === previous)) select.value = previous;
}

/** Region maps that are some thread's address space come first: that is where faults start. */
function orderedRms() {
  const spaces = new Set(state.threads.map(t => t.rmSession));
  return [...state.rms].sort((a, b) => Number(!spaces.has(a.id)) - Number(!spaces.has(b.id)));
}

function rmText(r) {
  const threads = state.threads.filter(t => t.rmSession === r.id).map(t => t.id);
  return `${r.id}${r.label ? ` \u201c${r.label}\u201d` : ''}${threads.length ? ` (address space of ${threads.join(', ')})` : ''}`;
}

function renderOptions() {
  const rms = orderedRms();
  if (!state.rm || !rms.some(r => r.id === state.rm)) state.rm = rms[0]?.id ?? null;
  fillSelect($('rm-select'), rms, r => r.id, rmText);
  if (state.rm) $('rm-select').value = state.rm;
  document.querySelectorAll('select.rm-options').forEach(s => fillSelect(s, rms, r => r.id, rmText));
  // Memory first: a region map's own managed dataspace is rarely what a student means to attach.
  const dataspaces = [...state.dataspaces].sort((a, b) => Number(a.type === 'MANAGED') - Number(b.type === 'MANAGED'));
  document.querySelectorAll('select.ds-options').forEach(s => fillSelect(s, dataspaces, d => d.id,
    d => `${d.id} ${d.type === 'MANAGED' ? `(${d.rmSession})` : d.type} ${d.size}`));
  document.querySelectorAll('select.fh-options').forEach(s => fillSelect(s, state.handlers, h => h.id,
    h => `${h.id}${h.label ? ` \u201c${h.label}\u201d` : ''}`));
  fillSelect($('fault-thread'), state.threads, t => t.id, t => `${t.id} in ${t.rmSession} (${t.state})`);
}

// ------------------------------------------------------------------ the picture

let pictureToken = 0;
async function loadPicture() {
  const picture = $('picture');
  if (!state.rm) return;
  const token = ++pictureToken;
  const url = `${base}/rm-sessions/${encodeURIComponent(state.rm)}/layout.svg`;
  $('svg-link').href = url;
  const response = await fetch(url, { headers: { Accept: 'image/svg+xml' } });
  if (token !== pictureToken) return;
  if (!response.ok) {
    picture.replaceChildren(el('p', { class: 'problem visible' }, `The picture of ${state.rm} is not available.`));
    return;
  }
  picture.innerHTML = await response.text();
  picture.dataset.rm = state.rm;
  drawStep();
}

$('rm-select').addEventListener('change', event => {
  state.rm = event.target.value;
  updateUrl();
  loadPicture();
  loadCounter();
});

// ------------------------------------------------------------------ what a single-page pager would need

/**
 * The shown address space's installed mappings, and how many a pager that maps only pages of 2^P would need for
 * the same memory: the sum of 2^(sizeLog2 - P). BigInt, since 2^(63 - 12) passes what a double counts exactly.
 */
let counterToken = 0;
async function loadCounter() {
  const counter = $('mapping-counter');
  if (!state.rm) {
    counter.textContent = '';
    return;
  }
  const token = ++counterToken;
  let mappings;
  try {
    mappings = await api('GET', `${base}/rm-sessions/${encodeURIComponent(state.rm)}/mappings`);
  } catch (error) {
    if (token === counterToken) counter.textContent = `Mappings of ${state.rm}: ${error.message}`;
    return;
  }
  if (token !== counterToken) return;
  const n = mappings.length;
  const head = `${state.rm}: ${n} mapping${n === 1 ? '' : 's'} installed`;
  counter.dataset.mappings = String(n);
  if (state.pageLog2 === null) {
    delete counter.dataset.singlePage;
    counter.textContent = `${head}; the page size of platform ${state.platform} is not known to this page.`;
    return;
  }
  const p = BigInt(state.pageLog2);
  const pages = mappings.reduce((sum, m) => sum + (1n << (BigInt(m.sizeLog2) - p)), 0n);
  counter.dataset.singlePage = pages.toString();
  counter.textContent = `${head}; a single-page pager would need ${pages.toLocaleString('en')}`
    + ` (pages of 2^${state.pageLog2}).`;
}

// ------------------------------------------------------------------ forms

function formBody(form) {
  const body = {};
  for (const input of form.elements) {
    if (!input.name || input.dataset.pathParam !== undefined || input.type === 'submit') continue;
    if (input.dataset.boolean !== undefined) body[input.name] = input.checked;
    else if (input.value.trim() !== '') body[input.name] = input.value.trim();
  }
  return body;
}

function describe(what, result) {
  switch (what) {
    case 'allocate': return `${result.id}: ${result.type} ${result.size}${result.physAddr ? ` at phys ${result.physAddr}` : ''}`;
    case 'create-rm': return `${result.id} (its managed dataspace: ${result.dataspace})`;
    case 'attach': return `attached at ${result.at}, size ${result.size}`
      + (result.resumed.length ? `; woke ${result.resumed.map(r => `${r.thread.id}: ${r.outcome}`).join(', ')}` : '');
    case 'detach': return 'detached';
    default: return result?.id ?? 'done';
  }
}

for (const form of document.querySelectorAll('form.api-form[data-path]')) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const output = form.querySelector('.problem');
    const path = form.dataset.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(form.elements[name].value));
    const method = form.dataset.method;
    try {
      const result = await api(method, base + path, method === 'DELETE' ? undefined : formBody(form));
      showProblem(output, null);
      output.textContent = describe(form.dataset.what, result);
      output.classList.add('ok');
      if (form.dataset.what === 'create-rm' && !state.rm) state.rm = result.id;
      refreshSoon();
    } catch (error) {
      output.classList.remove('ok');
      showProblem(output, error);
    }
  });
}

// ------------------------------------------------------------------ the fault stepper

async function submitFault(thread, addr, type, step = 0) {
  const output = $('fault-form').querySelector('.problem');
  try {
    const result = await api('POST', `${base}/threads/${encodeURIComponent(thread)}/faults?explain=true`, { addr, type });
    showProblem(output, null);
    state.fault = { thread, addr, type, result };
    state.step = Math.min(Math.max(0, step), (result.trace?.length ?? 1) - 1);
    const space = state.threads.find(t => t.id === thread)?.rmSession;
    if (space) state.rm = space;
    $('stepper').hidden = false;
    $('fault-outcome').textContent = outcomeText(result);
    updateUrl();
    await refresh();
  } catch (error) {
    showProblem(output, error);
  }
}

function outcomeText(r) {
  const head = `${r.outcome}: thread ${r.thread.id} is ${r.thread.state}.`;
  if (r.mapping) return `${head} Mapping virt ${r.mapping.virt} \u2192 phys ${r.mapping.phys}, 2^${r.mapping.sizeLog2}`
    + `${r.mapping.writable ? '' : ', read-only'}.`;
  if (r.reflected) return `${head} Reflected at ${r.reflected.rmSession}: ${r.reflected.type} ${r.reflected.addr}.`;
  if (r.failedAt) return `${head} The lookup failed at ${r.failedAt.rmSession}: ${r.failedAt.type} ${r.failedAt.addr}.`;
  return head;
}

const DETAIL_FIELDS = [['rmSession', 'region map'], ['addr', 'fault address here'], ['boundsBefore', 'bounds'],
  ['region', 'region'], ['boundsAfter', 'bounds after'], ['writable', 'writable'], ['executable', 'executable'],
  ['dataspace', 'dataspace'], ['src', 'physical address'], ['srcBounds', 'source bounds'],
  ['sourceBlockLog2', 'source block (log2)'], ['commonLog2', 'common size (log2)'],
  ['platformLog2', 'platform installs (log2)'], ['platformRule', 'platform rule'], ['mapping', 'mapping'],
  ['outcome', 'outcome']];

function valueText(value) {
  if (value && typeof value === 'object') {
    if ('first' in value) return `[${value.first}, ${value.last}]`;
    if ('virt' in value) return `virt ${value.virt} \u2192 phys ${value.phys}, 2^${value.sizeLog2}`;
    if ('at' in value) return `at ${value.at}, size ${value.size}, offset ${value.offset}, ${value.dataspace ?? 'reserved'},`
      + ` ${value.writable ? 'rw' : 'read-only'}${value.executable ? 'x' : ''}`;
  }
  return String(value);
}

function drawStep() {
  const trace = state.fault?.result?.trace;
  const picture = $('picture');
  if (!trace?.length) return;
  const step = trace[state.step];
  const addressSpace = state.threads.find(t => t.id === state.fault.thread)?.rmSession;
  $('step-count').textContent = `step ${state.step + 1} of ${trace.length}: `
    + (step.step === 'level' ? `level ${step.level} (${step.rmSession})` : step.step);
  $('step-note').textContent = step.note;
  $('step-back').disabled = state.step === 0;
  $('step-next').disabled = state.step === trace.length - 1;
  const details = $('step-details');
  details.replaceChildren();
  for (const [key, label] of DETAIL_FIELDS) {
    if (step[key] === undefined || step[key] === null) continue;
    details.append(el('dt', {}, label), el('dd', {}, valueText(step[key])));
  }
  if (picture.dataset.rm !== addressSpace) {
    stepper.clear(picture);
    details.append(el('dt', {}, 'picture'), el('dd', {}, `the fault ran in ${addressSpace}: show it to follow the steps`));
    return;
  }
  const said = stepper.show(picture, trace, state.step);
  const legend = el('ul', { id: 'step-highlighted', class: 'highlight-legend' },
    ...said.map(([kind, words]) => el('li', { 'data-kind': kind }, el('span', { class: `swatch sw-${kind}`, 'aria-hidden': 'true' }), words)));
  details.append(el('dt', {}, 'on the picture'), el('dd', {}, legend));
}

function go(step) {
  const trace = state.fault?.result?.trace;
  if (!trace?.length) return;
  state.step = Math.min(Math.max(0, step), trace.length - 1);
  updateUrl();
  drawStep();
}

$('step-next').addEventListener('click', () => go(state.step + 1));
$('step-back').addEventListener('click', () => go(state.step - 1));
document.addEventListener('keydown', event => {
  if (event.target.closest('input, select, textarea') || event.altKey || event.ctrlKey || event.metaKey) return;
  const moves = { ArrowRight: 1, j: 1, ArrowLeft: -1, k: -1 };
  if (event.key in moves) go(state.step + moves[event.key]);
  else if (event.key === 'Home') go(0);
  else if (event.key === 'End') go(Infinity);
  else return;
  event.preventDefault();
});

$('fault-form').addEventListener('submit', event => {
  event.preventDefault();
  const f = event.target.elements;
  submitFault(f.thread.value, f.addr.value.trim(), f.type.value);
});

// ------------------------------------------------------------------ links and deep links

function viewUrl() {
  const query = new URLSearchParams();
  if (state.rm) query.set('rm', state.rm);
  if (state.fault) {
    query.set('thread', state.fault.thread);
    query.set('fault', `${state.fault.addr}:${state.fault.type}`);
    query.set('step', String(state.step + 1));  // as the page counts: step 1 of n
  }
  const search = query.toString();
  return `${location.origin}${location.pathname}${search ? `?${search}` : ''}`;
}

function updateUrl() {
  history.replaceState(null, '', viewUrl());
}

$('lab-link').textContent = `${location.origin}/labs/${labId}`;
$('copy-lab-link').addEventListener('click', async event => {
  event.target.textContent = await copy(`${location.origin}/labs/${labId}`) ? 'Copied' : 'Copy failed: select the link';
});
$('copy-view').addEventListener('click', async event => {
  event.target.textContent = await copy(viewUrl()) ? 'Copied' : 'Copy failed: use the address bar';
});

/** A deep link ?fault=ADDR:TYPE re-runs that fault (on ?thread=, else a running thread of ?rm=) and shows ?step=n. */
async function followDeepLink() {
  const fault = params.get('fault');
  if (!fault) return;
  const [addr, type = 'READ'] = fault.split(':');
  const thread = params.get('thread')
    ?? state.threads.find(t => t.rmSession === state.rm && t.state === 'RUNNING')?.id
    ?? state.threads.find(t => t.state === 'RUNNING')?.id;
  $('fault-form').elements.addr.value = addr;
  $('fault-form').elements.type.value = type.toUpperCase();
  if (!thread) {
    showProblem($('fault-form').querySelector('.problem'), new Error('this link names a fault, but no thread can run it'));
    return;
  }
  $('fault-form').elements.thread.value = thread;
  await submitFault(thread, addr, type.toUpperCase(), Number(params.get('step') ?? 1) - 1);
}

// ------------------------------------------------------------------ the event stream

function summary(type, d) {
  const region = d.region ? ` ${d.region.dataspace ?? 'reserved'} at ${d.region.at} (${d.region.size})` : '';
  const mapping = d.mapping ? ` virt ${d.mapping.virt} \u2192 phys ${d.mapping.phys} 2^${d.mapping.sizeLog2}` : '';
  const parts = [d.rmSession, d.thread, region.trim(), mapping.trim(), d.access && `${d.access} ${d.addr}`,
    d.outcome, d.handler, d.reason, d.dataspace?.id, d.undelivered !== undefined && `undelivered ${d.undelivered}`];
  return parts.filter(Boolean).join(' \u00b7 ');
}

function connect() {
  const source = new EventSource(`${base}/events`);
  const live = $('live');
  source.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
  source.onerror = () => { live.textContent = 'reconnecting…'; live.className = 'live off'; };
  for (const type of EVENTS) {
    source.addEventListener(type, event => {
      let data = {};
      try { data = JSON.parse(event.data); } catch { /* a reset notice may carry text */ }
      const log = $('event-log');
      log.prepend(el('li', { 'data-type': type, value: event.lastEventId || undefined },
        el('span', { class: 'event-type' }, type), ' ', summary(type, data)));
      while (log.children.length > 300) log.lastChild.remove();
      refreshSoon();
    });
  }
}

showReport($('scenario-report'), labId);
traces.init(base, $('trace-form'), $('trace-result'));
await refresh();
connect();
await followDeepLink();
