// The report of the scenario a lab was started from. Only the creating answer carries it, so the entry page keeps it
// in this tab's sessionStorage and the lab's page shows it.
import { el } from './api.js';

const KEY = 'pagerlab.report.';
const MAX_LISTED = 100;

/** Keeps what the lab's page shows of a scenario report: the totals and the expectations that failed. */
export function keepReport(labId, report) {
  const failures = [];
  let unanswered = 0;
  for (const step of report.steps ?? []) {
    for (const e of step.expectations ?? []) {
      if (!e.passed && e.note === 'unanswered') unanswered++;
      if (!e.passed && failures.length < MAX_LISTED) {
        failures.push({ step: step.step, line: step.line, operation: step.operation, path: e.path,
          expected: e.expected, actual: e.actual, note: e.note });
      }
    }
  }
  const kept = { scenario: report.scenario, steps: report.steps?.length ?? 0, passed: report.passed,
    failed: report.failed, unanswered, failures };
  try {
    sessionStorage.setItem(KEY + labId, JSON.stringify(kept));
  } catch { /* storage full or disabled: the lab works without its report */ }
}

function text(value) {
  return value === null || value === undefined ? '(none)' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Shows the kept report of labId in section (and unhides it); does nothing when this tab did not start the lab. */
export function showReport(section, labId) {
  let report = null;
  try {
    report = JSON.parse(sessionStorage.getItem(KEY + labId));
  } catch { /* nothing kept */ }
  if (!report) return;
  section.querySelector('.report-totals').textContent = `Started from the scenario \u201c${report.scenario}\u201d: `
    + `${report.steps} steps, ${report.passed} expectations passed, ${report.failed} failed`
    + (report.unanswered ? ` (${report.unanswered} of them unanswered questions).` : '.');
  // An unanswered question is listed without the lab's answer: finding it is the exercise.
  const list = section.querySelector('.report-failures');
  list.replaceChildren(...report.failures.map(f => el('li', {}, f.note === 'unanswered'
    ? `step ${f.step} (${f.operation}, line ${f.line}): ${f.path} = ? (unanswered)`
    : `step ${f.step} (${f.operation}, line ${f.line}): ${f.path} expected ${text(f.expected)}, got ${text(f.actual)}`
      + (f.note ? ` \u2014 ${f.note}` : ''))));
  list.hidden = report.failures.length === 0;
  section.hidden = false;
}
