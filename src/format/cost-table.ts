import { createColors } from 'picocolors';
import { formatSize } from '../simulate/size';
import type { CostJson, CostLayer } from '../simulate/report';
import type { Confidence } from '../simulate/size';

export interface CostTableOptions {
  color: boolean;
  /** Unicode block bars; false draws `#` bars. */
  unicode: boolean;
  /** Width of the bar column. */
  barWidth?: number;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `share` (0..1) of `width` cells: Unicode eighth blocks, or `#` in ASCII. */
export function bar(share: number, width: number, unicode: boolean): string {
  const s = Math.max(0, Math.min(1, share));
  if (!unicode) {
    const n = Math.round(s * width);
    return '#'.repeat(n) + (n === 0 && s > 0 ? '.' : '');
  }
  const eighths = Math.round(s * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8];
  return '█'.repeat(full) + part + (eighths === 0 && s > 0 ? '▏' : '');
}

function size(bytes: number, confidence: Confidence): string {
  return formatSize({ bytes, confidence });
}

function clip(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : text.slice(0, width - 1) + '…';
}

/** The predicted `docker history` of the target image as a terminal table. */
export function formatCostTable(doc: CostJson, opts: CostTableOptions): string {
  const c = createColors(opts.color);
  const width = opts.barWidth ?? 20;
  const out: string[] = [];
  const img = doc.image;
  if (!img) return `${doc.file}: no stages\n`;
  const targetIndex = doc.stages.findIndex((s) => s.name === doc.target || s.index === doc.target);
  const chain: { stage: number; layer: CostLayer }[] = [];
  const stageChain: number[] = [];
  for (let i = targetIndex; i >= 0; ) {
    stageChain.unshift(i);
    const b = doc.stages[i].base.image;
    if (!b.startsWith('stage:')) break;
    const ref = b.slice(6);
    const next = doc.stages.findIndex((s) => s.name === ref || String(s.index) === ref);
    if (next < 0 || next >= i) break;
    i = next;
  }
  for (const s of stageChain) for (const l of doc.stages[s].layers) chain.push({ stage: s, layer: l });
  const added = Math.max(1, img.addedBytes);
  out.push(c.bold(`${doc.file}`) + c.dim(` — target ${typeof doc.target === 'number' ? `stage ${doc.target}` : doc.target}, ${doc.builder}${doc.contextRead ? '' : ', build context not read'}`));
  out.push('');
  out.push(c.dim(`${'LINE'.padStart(5)}  ${'INSTRUCTION'.padEnd(48)}  ${'SIZE'.padStart(9)}  ${'WASTED'.padStart(9)}  SHARE OF ADDED`));
  for (const { layer: l } of chain) {
    const isFrom = l.instruction.startsWith('FROM ');
    const sz = isFrom ? '' : l.createsLayer || l.bytes > 0 || l.confidence !== 'exact' ? size(l.bytes, l.confidence) : c.dim('—');
    const waste = l.wastedBytes > 0 ? c.yellow(size(l.wastedBytes, l.wastedConfidence).padStart(9)) : ''.padStart(9);
    const share = isFrom || !l.createsLayer ? '' : (l.confidence === 'unknown' ? c.dim : c.cyan)(bar(l.bytes / added, width, opts.unicode));
    const ins = clip(l.instruction, 48);
    out.push(`${String(l.line).padStart(5)}  ${isFrom ? c.bold(ins) : l.createsLayer ? ins : c.dim(ins)}  ${sz.padStart(9)}  ${waste}  ${share}`);
  }
  out.push('');
  const label = (s: string): string => c.bold(s.padEnd(12));
  const base = doc.stages[stageChain[0]]?.base;
  out.push(`${label('Base image')}${base ? base.image : '?'}  ${size(img.baseBytes, img.baseConfidence)}${img.baseConfidence === 'unknown' ? c.dim('  (size not known)') : ''}`);
  out.push(`${label('Added')}${size(img.addedBytes, img.addedConfidence)}`);
  out.push(`${label('Image')}${size(img.totalBytes, img.baseConfidence === 'unknown' || img.addedConfidence === 'unknown' ? 'unknown' : img.addedConfidence === 'estimated' || img.baseConfidence === 'estimated' ? 'estimated' : 'exact')}`);
  out.push(`${label('Wasted')}${img.wastedBytes > 0 ? c.yellow(size(img.wastedBytes, img.wastedConfidence)) : size(0, img.wastedConfidence)}`);
  const shown = doc.waste.filter((w) => w.bytes > 0 || w.confidence === 'unknown');
  for (const w of shown.slice(0, 10)) out.push(`  ${size(w.bytes, w.confidence).padStart(9)}  ${w.path}  ${c.dim(`(${w.kind}: line ${w.addedLine} → line ${w.removedLine})`)}`);
  if (shown.length > 10) out.push(c.dim(`  … ${shown.length - 10} more`));
  out.push(`${label('Avoidable')}${size(img.avoidableBytes, img.avoidableConfidence)}`);
  for (const a of doc.avoidable.slice(0, 10)) out.push(`  ${size(a.bytes, a.confidence).padStart(9)}  ${a.path}  ${c.dim(`(${a.kind}, line ${a.line})`)}`);
  out.push('');
  out.push(c.dim('~ estimated from a size index or model; ? not known (only the known part is counted)'));
  return out.join('\n') + '\n';
}
