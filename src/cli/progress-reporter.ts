/** Where a command writes: stdout for the answer, stderr for progress and errors. */
export interface CliOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: only then is the progress bar drawn (redrawn in place with `\r`). */
  stderrIsTty: boolean;
}

export const processOutput = (): CliOutput => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: process.stderr.isTTY === true,
});

const BAR_CELLS = 30;

export interface ProgressReporter {
  accepted(modelId: string): void;
  progress(percent: number, status: string): void;
  /** Clears the bar (a terminal) so the table starts on a clean line. */
  done(): void;
}

/**
 * The job's progress on stderr: on a terminal a bar redrawn in place from the job's `progress` (percent);
 * elsewhere (a log, a CI job) one plain line naming the model id, so logs stay readable.
 */
export function progressReporter(out: CliOutput, label: string): ProgressReporter {
  let drawn = false;
  let modelId = '';
  return {
    accepted(id) {
      modelId = id;
      if (!out.stderrIsTty) out.stderr(`augur: ${label} ${id} accepted, waiting for the result\n`);
    },
    progress(percent, status) {
      if (!out.stderrIsTty) return;
      const clamped = Math.max(0, Math.min(100, Math.round(percent)));
      const filled = Math.round((clamped / 100) * BAR_CELLS);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}`;
      out.stderr(`\r${label} ${modelId} ${bar} ${String(clamped).padStart(3)} % ${status.padEnd(8)}`);
      drawn = true;
    },
    done() {
      if (drawn) out.stderr('\r\x1b[2K');
      drawn = false;
    },
  };
}
