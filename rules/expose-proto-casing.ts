import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';
import { exposedPorts } from '../src/engine/expose';

/** The protocol of an EXPOSE port should be lower case: `80/tcp`, not `80/TCP` (BuildKit ExposeProtoCasing). */
export default defineRule({
  meta: {
    id: 'expose-proto-casing',
    aliases: ['ExposeProtoCasing'],
    severity: 'warning',
    category: 'style',
    fixable: true,
    description: 'The protocol in EXPOSE should be lower case',
    messages: { casing: "Protocol in '{{port}}' should be lower case: {{fixed}}" },
  },
  create(context) {
    return {
      EXPOSE(ins) {
        for (const { arg: a, text, spec } of exposedPorts(ins)) {
          if (spec.proto === '' || spec.proto === spec.proto.toLowerCase()) continue;
          const literal = a.raw === text && !a.raw.includes('$') && a.span.end - a.span.start === a.raw.length;
          const protoStart = a.span.start + spec.protoOffset;
          const fix = literal ? safeFix(replaceSpan(context.model, { start: protoStart, end: protoStart + spec.proto.length }, spec.proto.toLowerCase())) : null;
          context.report({ messageId: 'casing', data: { port: text, fixed: `${spec.containerPort}/${spec.proto.toLowerCase()}` }, range: a.range, fix });
        }
      },
    };
  },
});
