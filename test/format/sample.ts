/**
 * A Dockerfile with safe fixes (keyword casing, apt cleanup), a fix that inserts text, a finding on a continued RUN,
 * non-ASCII text (columns count UTF-16 code units) and two identical findings (for fingerprint uniqueness).
 */
export const SAMPLE = [
  '# syntax=docker/dockerfile:1',
  'from ubuntu:22.04',
  'RUN apt-get update && \\',
  '    apt-get install -y curl',
  'run echo "h\u00e9llo \u{1F600}" > /tmp/x',
  'RUN rm -rf /tmp/x',
  'RUN echo one \\',
  '  && echo two',
  'RUN rm -rf /tmp/x',
  'CMD python app.py',
  '',
].join('\n');
