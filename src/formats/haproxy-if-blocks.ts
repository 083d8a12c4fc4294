// Tracks HAProxy's `.if` / `.elif` / `.else` / `.endif` blocks while a file is read: which lines are
// in effect, and whether that is certain. A condition the gate cannot evaluate (`feature(QUIC)`,
// `defined(ENV)`) is taken as true for its first branch, so the configuration a reviewer sees
// first is the one modelled, and the later branches are skipped rather than merged with it.

import { evaluateCondition } from './haproxy-condition.js';

interface Frame {
  line: number;
  /** Whether the enclosing block was in effect when this one opened. */
  parentActive: boolean;
  parentCertain: boolean;
  active: boolean;
  /** A branch of this block has been (or is assumed to have been) taken. */
  taken: boolean;
  /** An earlier branch had a condition the gate could not evaluate. */
  sawUnknown: boolean;
  certain: boolean;
  sawElse: boolean;
}

export class ConditionalBlocks {
  private readonly frames: Frame[] = [];

  /** Whether lines at this point are in effect (assumed so under unknown conditions). */
  active(): boolean {
    // Checked on every line: no read past the end of an empty array, which V8 handles slowly.
    const depth = this.frames.length;
    return depth === 0 || this.frames[depth - 1].active;
  }

  /** Whether lines at this point are in effect for sure, whatever the environment. */
  certain(): boolean {
    const depth = this.frames.length;
    if (depth === 0) return true;
    const top = this.frames[depth - 1];
    return top.active && top.certain;
  }

  /**
   * Applies one directive line. Returns null when the directive is not a conditional one,
   * otherwise an error message or '' when all is well.
   */
  apply(directive: string, args: string[], line: number): string | null {
    switch (directive) {
      case '.if': {
        const parentActive = this.active();
        const parentCertain = this.certain();
        const frame: Frame = {
          line,
          parentActive,
          parentCertain,
          active: false,
          taken: !parentActive,
          sawUnknown: false,
          certain: parentCertain,
          sawElse: false,
        };
        this.frames.push(frame);
        if (parentActive) this.enterBranch(frame, args);
        return '';
      }
      case '.elif': {
        const frame = this.frames[this.frames.length - 1];
        if (frame === undefined) return "'.elif' without a matching '.if'";
        if (frame.sawElse) return "'.elif' after '.else' in the same block";
        if (frame.taken) frame.active = false;
        else this.enterBranch(frame, args);
        return '';
      }
      case '.else': {
        const frame = this.frames[this.frames.length - 1];
        if (frame === undefined) return "'.else' without a matching '.if'";
        if (frame.sawElse) return "a second '.else' in the same block";
        frame.sawElse = true;
        frame.active = frame.parentActive && !frame.taken;
        frame.certain = frame.parentCertain && !frame.sawUnknown;
        frame.taken = true;
        return '';
      }
      case '.endif':
        if (this.frames.pop() === undefined) return "'.endif' without a matching '.if'";
        return '';
      default:
        return null;
    }
  }

  /** Lines of the `.if` directives still open at the end of the file. */
  unclosed(): number[] {
    return this.frames.map((f) => f.line);
  }

  private enterBranch(frame: Frame, args: string[]): void {
    const value = evaluateCondition(args);
    if (value === 'false') {
      frame.active = false;
      return;
    }
    frame.active = true;
    frame.taken = true;
    frame.certain = frame.parentCertain && !frame.sawUnknown && value === 'true';
    if (value === 'unknown') frame.sawUnknown = true;
  }
}
