// The trace-run form of the lab page: a named access pattern replayed through a TLB under BEST and SINGLE_PAGE
// (POST /labs/{lab}/trace-runs), the answer drawn as bars with the numbers and the ratios written out.
import { api, showProblem, el } from './api.js';

const PAGERS = ['BEST', 'SINGLE_PAGE'];
const INTEGERS = new Set(['rows', 'passes', 'accesses', 'seed']);   // JSON numbers; the rest are API address strings
const ACCESS_TYPES = ['READ', 'WRITE', 'EXEC'];
const SVG = 'http://www.w3.org/2000/svg';

let base = null;
let form = null;
let result = null;
let patterns = [];
let lab = { threads: [], rms: [] };

function $(id) {
  return document.getElementById(id);
}

/** Wires the form; loads the patterns from GET /api/v1/trace-patterns. */
export async function init(labBase, traceForm, resultArea) {
  base = labBase;
  form = traceForm;
  result = resultArea;
  form.addEventListener('submit', submit);
  form.elements.pattern.addEventListener('change', showParameters);
  form.elements.thread.addEventListener('change', () => fillWindow(true));
  try {
    patterns = await api('GET', '/api/v1/trace-patterns');
  } catch (error) {
    showProblem(form.querySelector('.problem'), error);
    return;
  }
  form.elements.pattern.replaceChildren(...patterns.map(p => el('option', { value: p.name }, p.name)));
  showParameters();
}

/** Called after each refresh of the lab: the thread list, and the window of the chosen thread's address space. */
export function threadsChanged(state) {
  lab = state;
  const select = form.elements.thread;
  const previous = select.value;
  // Running threads first: a stopped thread cannot replay anything.
  const threads = [...state.threads].sort((a, b) => Number(a.state !== 'RUNNING') - Number(b.state !== 'RUNNING'));
  select.replaceChildren(...threads.map(t => el('option', { value: t.id }, `${t.id} in ${t.rmSession} (${t.state})`)));
  if (threads.some(t => t.id === previous)) select.value = previous;
  fillWindow(false);
}

function showParameters() {
  const pattern = patterns.find(p => p.name === form.elements.pattern.value);
  $('trace-pattern-description').textContent = pattern?.description ?? '';
  const fields = $('trace-parameters');
  fields.replaceChildren(el('legend', {}, 'Pattern parameters'));
  for (const parameter of pattern?.parameters ?? []) {
    let input;
    if (parameter.name === 'type') {
      input = el('select', { name: 'p-type' }, ...ACCESS_TYPES.map(t => el('option', {}, t)));
      input.value = parameter.defaultValue ?? 'READ';
    } else {
      input = el('input', { name: `p-${parameter.name}`, autocomplete: 'off',
        type: INTEGERS.has(parameter.name) ? 'number' : 'text', min: INTEGERS.has(parameter.name) ? '0' : undefined,
        placeholder: parameter.defaultValue ?? undefined });
      input.required = parameter.required;
      input.addEventListener('input', () => delete input.dataset.auto);
    }
    input.title = parameter.description;
    fields.append(el('label', {}, `${parameter.name}${parameter.required ? '' : ' (default ' + parameter.defaultValue + ')'} `,
      input));
  }
  fillWindow(true);
}

/**
 * Proposes base and size: the first region of the chosen thread's address space, so that the default run touches
 * memory the thread can fault in. Leaves what the reader typed alone (an input typed into loses data-auto).
 */
function fillWindow(force) {
  const thread = lab.threads.find(t => t.id === form.elements.thread.value);
  const region = lab.rms.find(r => r.id === thread?.rmSession)?.regions.find(r => !r.reserved);
  for (const [name, value] of [['p-base', region?.at], ['p-size', region?.size]]) {
    const input = form.elements[name];
    if (!input || value === undefined) continue;
    if (force ? input.value === '' || input.dataset.auto : input.value === '') {
      input.value = value;
      input.dataset.auto = '1';
    }
  }
}

function request() {
  const f = form.elements;
  const pattern = { name: f.pattern.value };
  for (const input of $('trace-parameters').querySelectorAll('[name^="p-"]')) {
    const value = input.value.trim();
    if (value === '') continue;
    const name = input.name.slice(2);
    pattern[name] = INTEGERS.has(name) ? Number(value) : value;
  }
  return { thread: f.thread.value, pattern, tlb: { entries: Number(f.entries.value), policy: f.policy.value },
    pagers: PAGERS };
}

async function submit(event) {
  event.preventDefault();
  const output = form.querySelector('.problem');
  const body = request();
  form.querySelector('button[type=submit]').disabled = true;
  try {
    const answer = await api('POST', `${base}/trace-runs`, body);
    showProblem(output, null);
    draw(body, answer);
  } catch (error) {
    showProblem(output, error);
  } finally {
    form.querySelector('button[type=submit]').disabled = false;
  }
}

function svg(name, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  for (const child of children) element.append(child);
  return element;
}

function count(n, one, many) {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function ratioText(ratio) {
  return ratio === undefined || ratio === null ? 'no ratio (a pager did not run, or BEST counted 0)'
    : `${Number(ratio.toFixed(2)).toLocaleString('en')}\u00d7`;
}

const METRICS = [['tlbMisses', 'TLB misses', 'TLB miss', 'TLB misses'], ['faults', 'Faults', 'fault', 'faults']];

/** The bars: per metric, one bar per pager on the metric's own linear scale, each with its number beside it. */
function chart(answer, labelledBy) {
  const width = 760;
  const labelW = 110;
  const barMax = 480;
  const barH = 22;
  const groupH = 2 * barH + 44;
  const picture = svg('svg', { viewBox: `0 0 ${width} ${METRICS.length * groupH + 8}`, width: String(width),
    role: 'img', 'aria-labelledby': labelledBy, class: 'trace-chart' });
  picture.append(svg('defs', {}, svg('pattern', { id: 'trace-hatch', width: '8', height: '8',
    patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
  svg('rect', { width: '8', height: '8', class: 'hatch-bg' }), svg('line', { x1: '0', y1: '0', x2: '0', y2: '8',
    class: 'hatch-line' }))));
  METRICS.forEach(([key, title], i) => {
    const top = i * groupH + 4;
    const max = Math.max(1, ...answer.runs.map(run => run[key]));
    const group = svg('g', { class: 'metric', 'data-metric': key, 'aria-hidden': 'true' });
    const heading = svg('text', { x: '0', y: String(top + 14), class: 'metric-title' });
    heading.textContent = `${title} (SINGLE_PAGE / BEST: ${ratioText(answer.ratios[key])})`;
    group.append(heading);
    answer.runs.forEach((run, j) => {
      const y = top + 22 + j * barH;
      const length = run[key] === 0 ? 0 : Math.max(2, (run[key] / max) * barMax);
      const name = svg('text', { x: '0', y: String(y + barH * 0.7), class: 'pager-name' });
      name.textContent = run.pager;
      const bar = svg('rect', { x: String(labelW), y: String(y + 2), width: length.toFixed(1),
        height: String(barH - 5), class: `trace-bar pager-${run.pager}`, 'data-pager': run.pager,
        'data-value': String(run[key]) });
      const number = svg('text', { x: String(labelW + length + 6), y: String(y + barH * 0.7), class: 'bar-value',
        'data-pager': run.pager });
      number.textContent = run[key].toLocaleString('en');
      group.append(name, bar, number);
    });
    picture.append(group);
  });
  return picture;
}

function sentence(body, answer) {
  const runs = answer.runs.map(run => `${run.pager} ${count(run.tlbMisses, 'TLB miss', 'TLB misses')} and `
    + `${count(run.faults, 'fault', 'faults')}`);
  const ratios = METRICS.filter(([key]) => answer.ratios[key] !== undefined)
    .map(([key, , , many]) => `${ratioText(answer.ratios[key])} the ${many}`);
  return `Pattern ${body.pattern.name} on ${body.thread}, ${answer.runs[0]?.accesses.toLocaleString('en')} accesses,`
    + ` a ${body.tlb.entries}-entry ${body.tlb.policy} TLB: ${runs.join('; ')}.`
    + (ratios.length ? ` A single-page pager needs ${ratios.join(' and ')}.` : '');
}

function stopText(stop) {
  return stop ? `access ${stop.index} (${stop.type} ${stop.addr}): ${stop.outcome}${stop.rmSession ? ` at ${stop.rmSession}` : ''}`
    : '';
}

function draw(body, answer) {
  const table = el('table', { class: 'trace-table' },
    el('caption', {}, 'The counts (each bar scaled to its metric\u2019s larger count)'),
    el('thead', {}, el('tr', {}, ...['pager', 'accesses', 'TLB misses', 'faults', 'mappings installed',
      'mapping sizes', 'stopped at'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...answer.runs.map(run => el('tr', { 'data-pager': run.pager },
      el('th', { scope: 'row' }, run.pager), el('td', {}, run.accesses.toLocaleString('en')),
      el('td', {}, run.tlbMisses.toLocaleString('en')), el('td', {}, run.faults.toLocaleString('en')),
      el('td', {}, run.mappingsInstalled.toLocaleString('en')),
      el('td', {}, Object.entries(run.mappingSizes).map(([log2, n]) => `${n} \u00d7 2^${log2}`).join(', ')),
      el('td', {}, stopText(run.stoppedAt))))));
  const summary = el('p', { id: 'trace-summary', class: 'trace-summary' }, sentence(body, answer));
  result.replaceChildren(summary, chart(answer, 'trace-summary'), table);
  result.hidden = false;
}
