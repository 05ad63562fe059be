// The fault stepper's drawing: each step of a fault's trace highlights, on the layout.svg shown inline, the region
// map, the region found and the bounds at that level, and at the leaf the source block, the common size and what the
// platform installs. Positions come from the picture's data-* attributes (data-axis maps addresses to x).

const NS = 'http://www.w3.org/2000/svg';

function parseAxis(bar) {
  return bar.dataset.axis.split(' ').map(stretch => {
    const [first, last, x0, x1] = stretch.split(':');
    return { first: BigInt(first), last: BigInt(last), x0: Number(x0), x1: Number(x1) };
  });
}

/** The x of the left edge of byte a (a may be one past the last byte: the right edge). */
function xOf(axis, a) {
  if (a < axis[0].first) return axis[0].x0;
  for (const s of axis) {
    if (a >= s.first && a <= s.last + 1n) {
      const length = s.last - s.first + 1n;
      return s.x0 + (s.x1 - s.x0) * Number(((a - s.first) * 1000000n) / length) / 1e6;
    }
  }
  return axis[axis.length - 1].x1;
}

const big = hex => BigInt(hex);
const mask = log2 => (1n << BigInt(log2)) - 1n;

function add(parent, name, attributes, text) {
  const node = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  parent.append(node);
  return node;
}

/** A box over [first, last] of a bar (or of a row with data-y/data-height); the panel's legend names it. */
function box(overlay, axis, row, first, last, kind) {
  const top = Number(row.dataset.y);
  const height = Number(row.dataset.height);
  const x0 = xOf(axis, first);
  const x1 = Math.max(xOf(axis, last + 1n), x0 + 4);
  // Outlines grow outwards (common outside source), so that they never cross the region's label.
  const offset = { bounds: -5, source: -3, common: -7, installed: -3 }[kind] ?? 0;
  const g = add(overlay, 'g', { class: `hl-${kind}`, 'data-first': `0x${first.toString(16)}`,
    'data-last': `0x${last.toString(16)}` });
  add(g, 'rect', { x: x0, y: top + offset, width: x1 - x0, height: height - 2 * offset });
  return g;
}

function hotspot(overlay, axis, bar, a, text) {
  const top = Number(bar.dataset.y);
  const x = xOf(axis, a);
  const g = add(overlay, 'g', { class: 'hl-hotspot', 'data-addr': `0x${a.toString(16)}` });
  add(g, 'line', { x1: x, x2: x, y1: top - 4, y2: top + Number(bar.dataset.height) + 4 });
  add(g, 'path', { d: `M${x - 6},${top - 12} L${x + 6},${top - 12} L${x},${top - 3} Z` });
  add(g, 'text', { x: x + 8, y: top - 9 }, text);
}

/** The index of the bar each level step ran in: the `at` of every managed region passed on the way down. */
function barPaths(trace) {
  const paths = [];
  let path = [];
  for (const step of trace) {
    paths.push(path.join('/'));
    if (step.step === 'level' && step.region) path = [...path, step.region.at];
  }
  return paths;
}

/** Clears the previous highlights of the picture inside `container`. */
export function clear(container) {
  const svg = container.querySelector('svg');
  if (!svg) return;
  svg.querySelectorAll('.hl').forEach(node => node.classList.remove('hl'));
  const overlay = svg.querySelector('g.overlay');
  if (overlay) overlay.replaceChildren();
}

/**
 * Draws step `index` of `trace` on the picture in `container`; answers what was highlighted, as [kind, words] pairs
 * for the panel's legend. The last level step (the leaf's region map) provides the coordinates of the source block.
 */
export function show(container, trace, index) {
  clear(container);
  const svg = container.querySelector('svg');
  if (!svg) return [];
  const overlay = svg.querySelector('g.overlay');
  const step = trace[index];
  const paths = barPaths(trace);
  const levels = trace.map((s, i) => [s, i]).filter(([s]) => s.step === 'level');
  const [lastLevel, lastIndex] = levels.filter(([, i]) => i <= index).pop() ?? [null, -1];
  const path = step.step === 'level' ? paths[index] : (lastIndex >= 0 ? paths[lastIndex] : '');
  const bar = svg.querySelector(`g.bar[data-path="${path}"]`);
  overlay.dataset.step = String(index);
  if (!bar) return [['none', `region map ${step.rmSession ?? lastLevel?.rmSession ?? ''} is not drawn in this picture`]];
  bar.classList.add('hl');
  overlay.dataset.rm = bar.dataset.rm;
  const axis = parseAxis(bar);
  const said = [['bar', `region map ${bar.dataset.rm}`]];

  if (step.step === 'level') {
    const before = step.boundsBefore;
    if (before) {
      box(overlay, axis, bar, big(before.first), big(before.last), 'bounds');
      said.push(['bounds', `bounds [${before.first}, ${before.last}]`]);
    }
    if (step.region) {
      const region = svg.querySelector(`g.region[data-path="${path}"][data-at="${step.region.at}"]`);
      region?.classList.add('hl');
      said.push(['region', `region at ${step.region.at} of size ${step.region.size}`]);
    }
    hotspot(overlay, axis, bar, big(step.addr), `fault ${step.addr}`);
    said.push(['hotspot', `fault address ${step.addr} in ${bar.dataset.rm}`]);
    return said;
  }
  if (step.step === 'leaf' && lastLevel) {
    const src = big(step.src);
    const here = big(lastLevel.addr);
    const region = svg.querySelector(`g.region[data-path="${path}"][data-at="${lastLevel.region.at}"]`);
    region?.classList.add('hl');
    const sourceFirst = here - (src & mask(step.sourceBlockLog2));
    box(overlay, axis, bar, sourceFirst, sourceFirst + mask(step.sourceBlockLog2), 'source');
    const commonFirst = here - (src & mask(step.commonLog2));
    box(overlay, axis, bar, commonFirst, commonFirst + mask(step.commonLog2), 'common');
    hotspot(overlay, axis, bar, here, `fault ${lastLevel.addr} = phys ${step.src}`);
    said.push(['hotspot', `fault ${lastLevel.addr} in ${bar.dataset.rm} = phys ${step.src}`],
      ['source', `source block 2^${step.sourceBlockLog2}`], ['common', `common size 2^${step.commonLog2}`]);
    const root = svg.querySelector('g.bar[data-path=""]');
    const row = root?.querySelector('g.mappings');
    if (row && step.mapping) {
      const virt = big(step.mapping.virt);
      box(overlay, parseAxis(root), row, virt, virt + mask(step.mapping.sizeLog2), 'installed');
      svg.querySelector(`g.mapping[data-virt="${step.mapping.virt}"]`)?.classList.add('hl');
      said.push(['installed', `installed: virt ${step.mapping.virt} \u2192 phys ${step.mapping.phys}, `
        + `2^${step.mapping.sizeLog2}`]);
    }
    return said;
  }
  if (lastLevel) hotspot(overlay, axis, bar, big(lastLevel.addr), `fault ${lastLevel.addr}`);
  said.push(['none', step.outcome ?? '']);
  return said;
}
