import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';
import { exposedPorts } from '../src/engine/expose';

const PORTS = /^\d+(-\d+)?$/;
const IP = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])$/;

/**
 * EXPOSE with an IP address or a `host:container` mapping (BuildKit ExposeInvalidFormat). EXPOSE only documents
 * the container's port; publishing to a host port or address happens at `docker run -p`. The builder ignores
 * the extra parts today and BuildKit says they will become an error. The fix keeps the container port (and
 * protocol), which is exactly what the image records now.
 */
export default defineRule({
  meta: {
    id: 'expose-invalid-format',
    aliases: ['ExposeInvalidFormat'],
    severity: 'warning',
    category: 'correctness',
    fixable: true,
    description: 'EXPOSE should not hold an IP address or a host-port mapping',
    messages: { format: "EXPOSE should not give an IP address or host port, found '{{port}}'; EXPOSE {{container}} records the same, and -p publishes at run time" },
  },
  create(context) {
    return {
      EXPOSE(ins) {
        for (const { arg: a, text, spec } of exposedPorts(ins)) {
          if (spec.ip === '' && spec.hostPort === '') continue;
          const container = spec.containerPort + (spec.proto ? `/${spec.proto}` : '');
          const wellFormed = PORTS.test(spec.containerPort) && PORTS.test(spec.hostPort) && (spec.ip === '' || IP.test(spec.ip));
          const literal = a.raw === text && !a.raw.includes('$');
          const fix = wellFormed && literal ? safeFix(replaceSpan(context.model, a.span, container)) : null;
          context.report({ messageId: 'format', data: { port: text, container }, range: a.range, fix });
        }
      },
    };
  },
});
