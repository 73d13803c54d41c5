import { defineRule } from '../src/engine/api';
import type { Arg } from '../src/model/types';

const MAX_PORT = 65535;

/**
 * EXPOSE with a port, or the end of a port range, above 65535 (hadolint DL3011). Ports given through ARG or ENV
 * are checked with the value they have at that point.
 */
export default defineRule({
  meta: {
    id: 'expose-port-out-of-range',
    aliases: ['DL3011'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'Valid UNIX ports range from 0 to 65535',
    messages: { range: 'EXPOSE {{ports}}: valid ports range from 0 to 65535' },
  },
  create(context) {
    return {
      EXPOSE(ins) {
        const bad = ins.args.filter(outOfRange);
        if (bad.length === 0) return;
        context.report({ messageId: 'range', data: { ports: bad.map((a) => a.expanded).join(', ') }, range: bad[0].range });
      },
    };
  },
});

/** `80`, `80/tcp`, `8000-9000/udp`: any number above the maximum. Other shapes are another rule's business. */
function outOfRange(arg: Arg): boolean {
  const port = arg.expanded.replace(/^["']|["']$/g, '').replace(/\/[A-Za-z]+$/, '');
  const m = /^(\d+)(?:-(\d+))?$/.exec(port);
  if (!m) return false;
  return Number(m[1]) > MAX_PORT || (m[2] !== undefined && Number(m[2]) > MAX_PORT);
}
