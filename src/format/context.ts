import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOMEPAGE, type Category, type RuleMeta, type Severity } from '../engine/api';

/** What the machine formats know about a rule (or a code that is not a rule: parse errors, ShellCheck). */
export interface RuleInfo {
  id: string;
  aliases: string[];
  severity: Severity;
  category: Category;
  description: string;
  /** Absolute docs URL. */
  docs: string;
  /** The rule's docs page as Markdown, when it ships with the package. */
  helpMarkdown?: string;
}

/** Everything a formatter may need besides the results. */
export interface ReportContext {
  color: boolean;
  quiet: boolean;
  toolVersion: string;
  /** Working folder: the base of relative paths in reports. */
  cwd: string;
  /** Rule look-up by id (every registered rule, in registry order). */
  rules: RuleCatalog;
}

export class RuleCatalog {
  private readonly byId = new Map<string, RuleInfo>();

  constructor(readonly registered: readonly RuleInfo[]) {
    for (const r of registered) this.byId.set(r.id, r);
  }

  /** Info for any finding id: a registered rule, a built-in code, a ShellCheck code, or a generic entry. */
  get(id: string): RuleInfo {
    const known = this.byId.get(id);
    if (known) return known;
    const made = builtinInfo(id);
    this.byId.set(id, made);
    return made;
  }
}

const RULES_INDEX = `${HOMEPAGE}/blob/main/docs/rules/README.md`;

function builtinInfo(id: string): RuleInfo {
  if (/^sc\d{4}$/i.test(id)) {
    const code = id.toUpperCase();
    return { id, aliases: [], severity: 'warning', category: 'correctness', description: `ShellCheck ${code} in a RUN script`, docs: `https://www.shellcheck.net/wiki/${code}` };
  }
  if (id === 'parse-error') return { id, aliases: ['DL1000'], severity: 'error', category: 'syntax', description: 'The Dockerfile does not parse the way BuildKit reads it', docs: RULES_INDEX };
  if (id === 'internal-error') return { id, aliases: [], severity: 'error', category: 'correctness', description: 'A bug in layerlint stopped a rule; please report it', docs: `${HOMEPAGE}/issues` };
  return { id, aliases: [], severity: 'warning', category: 'best-practice', description: id, docs: RULES_INDEX };
}

/** Catalog from rule metadata; `docsDir` (the package's docs/rules) supplies help Markdown where a page exists. */
export function catalogFromMetas(metas: readonly RuleMeta[], docsDir: string | null): RuleCatalog {
  return new RuleCatalog(
    metas.map((m) => ({
      id: m.id,
      aliases: [...m.aliases],
      severity: m.severity,
      category: m.category,
      description: m.description,
      docs: m.docs ?? RULES_INDEX,
      helpMarkdown: docsDir ? readDoc(path.join(docsDir, `${m.id}.md`)) : undefined,
    })),
  );
}

function readDoc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').replace(/<!-- meta:start[\s\S]*?<!-- meta:end -->\n?/, '');
  } catch {
    return undefined;
  }
}
