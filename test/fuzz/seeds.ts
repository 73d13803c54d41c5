import * as fs from 'node:fs';
import { corpusFiles } from '../helpers/shared';

/** Corpus files as fuzzing seeds (sorted, so the seed alone fixes the inputs). */
export function corpusSeeds(dir: string): string[] {
  return corpusFiles(dir).map((f) => fs.readFileSync(f, 'utf8'));
}
