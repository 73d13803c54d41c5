import { Instruction as AstInstruction, type Argument } from 'dockerfile-ast';

/**
 * dockerfile-ast (0.7.1) re-tokenises an instruction's whole text, character by character, every time its arguments
 * are asked for, and its own parser asks three to four times per instruction (the JSON-form check, argument and
 * heredoc scans, flags): that was 40% of building the model. An instruction never changes after parsing, so the first
 * result is kept on the instance and each caller gets its own copy of the array (callers shift() it). The arguments
 * are the same objects as before; the output of the parser is unchanged (test/perf/ast-cache.test.ts compares).
 */
const CACHE = Symbol('layerlint.rawArguments');

type Cached = AstInstruction & { [CACHE]?: Argument[] };

type RawArguments = (this: Cached) => Argument[];

let original: RawArguments | null = null;

export function installArgumentCache(): void {
  const proto = AstInstruction.prototype as unknown as { getRawArguments?: RawArguments };
  if (original || typeof proto.getRawArguments !== 'function') return;
  original = proto.getRawArguments;
  const compute = original;
  proto.getRawArguments = function (this: Cached): Argument[] {
    let args = this[CACHE];
    if (!args) {
      args = compute.call(this);
      this[CACHE] = args;
    }
    return args.slice();
  };
}

/** The arguments as dockerfile-ast computes them, without the cache (for the test that compares). */
export function uncachedRawArguments(ins: AstInstruction): Argument[] {
  const fn = original ?? (AstInstruction.prototype as unknown as { getRawArguments: RawArguments }).getRawArguments;
  return fn.call(ins as Cached);
}
