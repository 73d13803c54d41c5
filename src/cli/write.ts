import * as fs from 'node:fs';
import * as path from 'node:path';

/** Write via a temp file in the same folder and rename, keeping the file's mode: a crash never leaves half a file. */
export function writeAtomic(file: string, text: string): void {
  const st = fs.statSync(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.layerlint-${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode: st.mode & 0o7777 });
    fs.chmodSync(tmp, st.mode & 0o7777);
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw err;
  }
}
