import { Instruction as AstInstruction, type Argument, type Comment as AstComment } from 'dockerfile-ast';
import { Dockerfile as AstDockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Util } from 'dockerfile-ast/lib/util';
import type { Position, Range } from 'vscode-languageserver-types';

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

/** Install both speed-ups (once; a later call does nothing). */
export function installAstSpeedups(): void {
  installArgumentCache();
  installLinearComments();
}

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

interface Template {
  getRange(): Range | null;
  addComment(c: AstComment): void;
}

interface DockerfileInternals {
  getComments(): AstComment[];
  initialInstructions: Template;
  buildStages: Template[];
}

type Organize = (this: DockerfileInternals) => void;

let originalOrganize: Organize | null = null;

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * dockerfile-ast hands each comment to the build stages whose range holds it by testing every comment against every
 * stage, recomputing the stage's range each time: O(comments × stages), 3 of the 21 s of a 100,000-line file. A
 * stage's range depends only on its instructions, and stages follow one another without overlap, so the ranges are
 * computed once and each comment finds its stage by binary search. Same stages get the same comments, in order.
 */
function organizeCommentsLinear(this: DockerfileInternals): void {
  const comments = this.getComments();
  const initial = this.initialInstructions.getRange();
  const stages = this.buildStages;
  const ranges = stages.map((s) => s.getRange());
  for (const c of comments) {
    const r = c.getRange();
    if (initial && Util.isInsideRange(r.end, initial)) {
      this.initialInstructions.addComment(c);
      continue;
    }
    // The last stage starting at or before the comment, then any earlier ones that still hold it.
    let lo = 0;
    let hi = ranges.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const rm = ranges[mid];
      if (rm && !before(r.start, rm.start)) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let first = last + 1;
    for (let k = last; k >= 0; k--) {
      const rk = ranges[k];
      if (!rk || !Util.isInsideRange(r.start, rk)) break;
      first = k;
    }
    for (let k = first; k <= last; k++) stages[k].addComment(c);
  }
}

export function installLinearComments(): void {
  const proto = AstDockerfile.prototype as unknown as { organizeComments?: Organize };
  if (originalOrganize || typeof proto.organizeComments !== 'function') return;
  originalOrganize = proto.organizeComments;
  proto.organizeComments = organizeCommentsLinear;
}

/** dockerfile-ast's own comment assignment (for the test that compares). */
export function originalOrganizeComments(): Organize {
  return originalOrganize ?? (AstDockerfile.prototype as unknown as { organizeComments: Organize }).organizeComments;
}
