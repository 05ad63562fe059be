// The entry page: create a lab on a platform (or a made-up one), open one by id, or start one from a scenario file
// or a generated exercise.
import { api, apiText, showProblem, copy } from './api.js';
import { keepReport } from './report.js';

const select = document.getElementById('platform-select');
const rule = document.getElementById('platform-rule');
let platforms = [];

async function loadPlatforms() {
  platforms = await api('GET', '/api/v1/platforms');
  for (const p of platforms) {
    const option = document.createElement('option');
    option.value = p.name;
    option.textContent = `${p.name}: ${p.mapSizeRule}`;
    select.append(option);
  }
  showRule();
  const exercisePlatform = document.getElementById('exercise-platform');
  for (const p of platforms) exercisePlatform.append(new Option(p.name, p.name));
}

function showRule() {
  const p = platforms.find(candidate => candidate.name === select.value);
  rule.textContent = p ? `${p.description}. Pages of 2^${p.pageSizeLog2}, ${p.addressBits}-bit addresses.` : '';
}

select.addEventListener('change', showRule);

function labLink(id) {
  return new URL(`/labs/${encodeURIComponent(id)}`, location.origin).href;
}

document.getElementById('create-lab').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  const output = form.querySelector('.problem');
  const f = form.elements;
  const body = { label: f.label.value || undefined };
  if (f.useCustom.checked) {
    const custom = {
      name: f.customName.value || 'custom',
      pageSizeLog2: Number(f.pageSizeLog2.value),
      addressBits: Number(f.addressBits.value),
    };
    if (f.mapSizes.value.trim()) {
      custom.mapSizes = f.mapSizes.value.split(',').map(s => Number(s.trim()));
    }
    if (f.flexpageMaxLog2.value) custom.flexpageMaxLog2 = Number(f.flexpageMaxLog2.value);
    body.customPlatform = custom;
  } else {
    body.platform = f.platform.value;
  }
  try {
    const lab = await api('POST', '/api/v1/labs', body);
    showProblem(output, null);
    const link = document.getElementById('created-link');
    link.href = labLink(lab.id);
    link.textContent = labLink(lab.id);
    document.getElementById('created').hidden = false;
    link.focus();
  } catch (error) {
    showProblem(output, error);
  }
});

document.getElementById('copy-created').addEventListener('click', async event => {
  const ok = await copy(document.getElementById('created-link').href);
  event.target.textContent = ok ? 'Copied' : 'Select the link and copy it';
});

document.getElementById('open-lab').addEventListener('submit', async event => {
  event.preventDefault();
  const output = event.target.querySelector('.problem');
  let id = event.target.elements.lab.value.trim();
  const match = id.match(/\/labs\/([^/?#]+)/);
  if (match) id = decodeURIComponent(match[1]);
  try {
    await api('GET', `/api/v1/labs/${encodeURIComponent(id)}`);
    location.href = labLink(id);
  } catch (error) {
    showProblem(output, error);
  }
});

// ------------------------------------------------------------------ scenarios and exercises

/** Creates a lab from a scenario document (parsed JSON) and opens it; its page shows the report's totals. */
async function startFrom(scenario, output) {
  const created = await api('POST', '/api/v1/labs', { scenario });
  showProblem(output, null);
  keepReport(created.lab.id, created.report);
  location.href = labLink(created.lab.id);
}

const scenarioForm = document.getElementById('scenario-form');

scenarioForm.elements.file.addEventListener('change', async event => {
  const file = event.target.files[0];
  if (file) scenarioForm.elements.text.value = await file.text();
});

scenarioForm.addEventListener('submit', async event => {
  event.preventDefault();
  const output = scenarioForm.querySelector('.problem');
  const checked = document.getElementById('scenario-checked');
  checked.hidden = true;
  const text = scenarioForm.elements.text.value;
  if (!text.trim()) {
    showProblem(output, new Error('choose a scenario file or paste one'));
    return;
  }
  try {
    if (text.trimStart().startsWith('{')) {
      let scenario;
      try {
        scenario = JSON.parse(text);
      } catch (error) {
        throw new Error(`this is not JSON: ${error.message}`);
      }
      await startFrom(scenario, output);
      return;
    }
    // YAML: POST /api/v1/labs takes JSON only, and the page does not translate YAML; the check endpoint reads it.
    const report = JSON.parse(await apiText('POST', '/api/v1/scenarios/check',
      { body: text, contentType: 'application/yaml', accept: 'application/json' }));
    showProblem(output, null);
    checked.textContent = `YAML checked in a throw-away lab: scenario \u201c${report.scenario}\u201d, `
      + `${report.steps.length} steps, ${report.passed} expectations passed, ${report.failed} failed. `
      + 'No lab was created: to start one, give the scenario as JSON.';
    checked.hidden = false;
  } catch (error) {
    showProblem(output, error);
  }
});

const exerciseForm = document.getElementById('exercise-form');
const kindSelect = document.getElementById('exercise-kind');
let kinds = [];
let exerciseQuery = null;   // the query of the exercise shown, so that "start a lab" uses exactly that one
let downloadUrl = null;

async function loadKinds() {
  kinds = await api('GET', '/api/v1/exercises');
  for (const k of kinds) kindSelect.append(new Option(k.kind, k.kind));
  showKind();
}

function showKind() {
  document.getElementById('exercise-description').textContent =
    kinds.find(k => k.kind === kindSelect.value)?.description ?? '';
}

kindSelect.addEventListener('change', showKind);

function exercisePath(query) {
  const search = new URLSearchParams({ seed: query.seed, answers: 'false' });
  if (query.platform) search.set('platform', query.platform);
  return `/api/v1/exercises/${encodeURIComponent(query.kind)}?${search}`;
}

exerciseForm.addEventListener('submit', async event => {
  event.preventDefault();
  const output = exerciseForm.querySelector('.problem');
  const f = exerciseForm.elements;
  const query = { kind: f.kind.value, seed: f.seed.value, platform: f.platform.value };
  try {
    const yaml = await apiText('GET', exercisePath(query), { accept: 'application/yaml' });
    showProblem(output, null);
    exerciseQuery = query;
    document.getElementById('exercise-text').textContent = yaml;
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
    const download = document.getElementById('exercise-download');
    download.href = downloadUrl;
    download.download = `${query.kind}-${query.seed.replace(/[^\w.-]+/g, '_')}.yaml`;
    document.getElementById('exercise').hidden = false;
  } catch (error) {
    document.getElementById('exercise').hidden = true;
    showProblem(output, error);
  }
});

document.getElementById('exercise-create').addEventListener('click', async () => {
  const output = exerciseForm.querySelector('.problem');
  try {
    // The same exercise as JSON (same kind, seed and platform give the same document), which POST /api/v1/labs takes.
    await startFrom(await api('GET', exercisePath(exerciseQuery)), output);
  } catch (error) {
    showProblem(output, error);
  }
});

loadPlatforms().catch(error => showProblem(document.querySelector('#create-lab .problem'), error));
loadKinds().catch(error => showProblem(exerciseForm.querySelector('.problem'), error));
