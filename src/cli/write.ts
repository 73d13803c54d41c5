import type * as Crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Write via a temp file in the same folder and rename, keeping the file's mode: a crash never leaves half a file.
 * (A rename gives the file a new inode: other hard links to it keep the old text.)
 */
export function writeAtomic(given: string, text: string): void {
  // Through a symlink, the file it points to is rewritten (renaming over the link would replace it with a copy).
  const file = fs.realpathSync(given);
  const st = fs.statSync(file);
  // A fresh name, created exclusively: an existing file or symlink at that name is never written through or removed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only --fix writes files: start-up skips node:crypto
  const { randomBytes } = require('node:crypto') as typeof Crypto;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.layerlint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  try {
    fs.writeFileSync(tmp, text, { mode: st.mode & 0o7777, flag: 'wx' });
    created = true;
    fs.chmodSync(tmp, st.mode & 0o7777);
    fs.renameSync(tmp, file);
  } catch (err) {
    if (created) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    }
    throw err;
  }
}
