// The entry page: create a lab on a platform (or a made-up one), or open one by id.
import { api, showProblem, copy } from './api.js';

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

loadPlatforms().catch(error => showProblem(document.querySelector('#create-lab .problem'), error));
