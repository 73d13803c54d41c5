import * as assert from 'node:assert/strict';
import { DockerfileParser, type Argument, type Instruction } from 'dockerfile-ast';
import { generateDockerfile } from '../helpers/generate';
import { installAstSpeedups, originalOrganizeComments, uncachedRawArguments } from '../../src/model/ast-speedups';

const SAMPLES = [
  'FROM alpine\nRUN --mount=type=cache,target=/x apk add \\\n  curl \\\n  # comment\n  git\n',
  'COPY --from=build --chown=1:1 ["a b", "c"] /dst/\nADD <<EOF /x\nbody\nEOF\n',
  '# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\ `\n  && echo hi\n',
  'ONBUILD RUN --network=none make \\\n install\nHEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\n',
  'RUN <<A cat <<-B\na\nA\n\tb\n\tB\nENV A=1 B="two words" \\\n C=3\n',
  'RUN echo \\ \nRUN x\\',
];

function view(args: Argument[]): unknown {
  return args.map((a) => ({ value: a.getValue(), range: a.getRange() }));
}

describe('dockerfile-ast speed-ups', () => {
  before(() => installAstSpeedups());

  it('returns what dockerfile-ast computes, a fresh array each call, and leaves flags and heredocs unchanged', () => {
    for (const text of SAMPLES) {
      const all: Instruction[] = [];
      for (const ins of DockerfileParser.parse(text).getInstructions()) {
        all.push(ins);
        const trigger = (ins as unknown as { getTriggerInstruction?: () => Instruction | null }).getTriggerInstruction?.();
        if (trigger) all.push(trigger);
      }
      for (const ins of all) {
        const expected = view(uncachedRawArguments(ins));
        const first = (ins as unknown as { getRawArguments(): Argument[] }).getRawArguments();
        const second = (ins as unknown as { getRawArguments(): Argument[] }).getRawArguments();
        assert.deepEqual(view(first), expected, text);
        assert.notEqual(first, second, 'each caller gets its own array');
        first.shift();
        assert.deepEqual(view((ins as unknown as { getRawArguments(): Argument[] }).getRawArguments()), expected, 'a caller that shifts its copy changes nothing');
        assert.deepEqual(view(ins.getArguments()), view(ins.getArguments()));
      }
    }
  });

  it('hands every comment to the same stages as dockerfile-ast does', () => {
    interface Template {
      comments: { getRange(): unknown }[];
    }
    const texts = [
      ...SAMPLES,
      '# top\nARG A\n# before from\nFROM a AS x\n# in x\nRUN y \\\n# inside\n z\n\n# gap\nFROM b\n# in b\nCOPY --from=x /a /b\n# trailing\n',
      '# only comments\n# here\n',
      generateDockerfile(600, 3),
    ];
    for (const text of texts) {
      const df = DockerfileParser.parse(text) as unknown as { initialInstructions: Template; buildStages: Template[] };
      const seen = (): unknown => [df.initialInstructions, ...df.buildStages].map((t) => t.comments.map((c) => c.getRange()));
      const patched = seen();
      df.initialInstructions.comments = [];
      for (const s of df.buildStages) s.comments = [];
      originalOrganizeComments().call(df as never);
      assert.deepEqual(patched, seen(), text.slice(0, 80));
    }
  });
});
