import type { Finding } from '../engine/api';
import type { ReportContext } from './context';
import type { FileResult } from './types';
import { attrs, xmlText, XML_DECLARATION } from './xml';

/**
 * JUnit XML: one test suite per Dockerfile. A clean file is one passing test case; every finding is a failing test
 * case (`<failure type="SEVERITY">`); a file that could not be read is an `<error>`. GitLab, Jenkins and Azure DevOps
 * show these in their test reports.
 */
export function formatJunit(results: readonly FileResult[], ctx: ReportContext): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const r of results) {
    const cases: string[] = [];
    const fileErrors = r.error !== undefined ? 1 : 0;
    if (r.error !== undefined) cases.push(`    <testcase${attrs({ classname: r.path, name: 'read', file: r.path })}>\n      <error${attrs({ type: 'io-error', message: r.error })}/>\n    </testcase>`);
    for (const f of r.findings) cases.push(findingCase(r.path, f, ctx));
    if (cases.length === 0) cases.push(`    <testcase${attrs({ classname: r.path, name: 'layerlint', file: r.path })}/>`);
    tests += cases.length;
    failures += r.findings.length;
    errors += fileErrors;
    suites.push(`  <testsuite${attrs({ name: r.path, tests: cases.length, failures: r.findings.length, errors: fileErrors, skipped: 0 })}>\n${cases.join('\n')}\n  </testsuite>`);
  }
  return [XML_DECLARATION, `<testsuites${attrs({ name: 'layerlint', tests, failures, errors })}>`, ...suites, '</testsuites>'].join('\n') + '\n';
}

function findingCase(path: string, f: Finding, ctx: ReportContext): string {
  const where = `${f.range.start.line}:${f.range.start.column}`;
  const names = f.aliases.length ? `${f.rule} (${f.aliases.join(', ')})` : f.rule;
  const body = [`${path}:${where} ${f.severity} ${names}`, f.message, ...(f.suggestion ? ['Suggested:', f.suggestion] : []), ctx.rules.get(f.rule).docs].join('\n');
  return `    <testcase${attrs({ classname: path, name: `${f.rule} at ${where}`, file: path, line: f.range.start.line })}>\n      <failure${attrs({ type: f.severity, message: f.message })}>${xmlText(body)}</failure>\n    </testcase>`;
}
