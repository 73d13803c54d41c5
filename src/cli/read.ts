import * as fs from 'node:fs';
import { describeFsError } from './discover';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type ReadOutcome = { ok: true; text: string; warning?: string } | { ok: false; error: string; notText?: boolean };

/** Read a Dockerfile (or stdin): bytes → text, with binary and invalid UTF-8 detected, never a stack trace. */
export function readDockerfile(file: string): ReadOutcome {
  let bytes: Buffer;
  try {
    if (file === '-') bytes = fs.readFileSync(0);
    else {
      const st = fs.statSync(file);
      if (st.isDirectory()) return { ok: false, error: 'is a folder' };
      if (st.size > MAX_FILE_BYTES) return { ok: false, error: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
      bytes = fs.readFileSync(file);
    }
  } catch (err) {
    return { ok: false, error: describeFsError(err) };
  }
  return decode(bytes);
}

export function decode(bytes: Buffer): ReadOutcome {
  if (bytes.includes(0)) return { ok: false, error: 'not a text file (it contains NUL bytes)', notText: true };
  const text = bytes.toString('utf8');
  if (text.includes('\ufffd') && !Buffer.from(text, 'utf8').equals(bytes)) {
    return { ok: true, text, warning: 'the file is not valid UTF-8; invalid bytes were replaced' };
  }
  return { ok: true, text };
}
