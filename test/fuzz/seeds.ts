import * as fs from 'node:fs';
import * as path from 'node:path';

/** Corpus files as fuzzing seeds (sorted, so the seed alone fixes the inputs). */
export function corpusSeeds(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  files.sort();
  return files.map((f) => fs.readFileSync(f, 'utf8'));
}
