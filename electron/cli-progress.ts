/**
 * How `plugsmith doctor` shows its checks finishing, on stderr. On a terminal one line is
 * rewritten in place (`\r3/16 checks`) and ended once at the finish; anywhere else (a pipe, a CI
 * log, a file) a `\r` does not move back, so the counts would run together
 * (`1/16 checks2/16 checks…`): there each finished check is its own line, ended with a newline.
 */
export interface CheckProgress {
  done: number;
  total: number;
  last: { id: string; status: string };
}

export interface ProgressPrinter {
  onProgress(p: CheckProgress): void;
  /** Ends the rewritten line on a terminal; nothing to end elsewhere. */
  end(): void;
}

export function checkProgressPrinter(write: (t: string) => void, isTTY: boolean): ProgressPrinter {
  let open = false;
  return {
    onProgress(p) {
      if (isTTY) {
        write(`\r${p.done}/${p.total} checks`);
        open = true;
      } else {
        write(`${p.done}/${p.total} checks: ${p.last.id} ${p.last.status}\n`);
      }
    },
    end() {
      if (open) write('\n');
      open = false;
    },
  };
}
