import type { CliOutput } from '../../../src/cli/progress-reporter.js';

/** A CliOutput that keeps what a command wrote, stdout and stderr apart. */
export function capturedOutput(stderrIsTty = false): {
  io: CliOutput;
  written: { stdout: string; stderr: string };
} {
  const written = { stdout: '', stderr: '' };
  const io: CliOutput = {
    stdout: (text) => {
      written.stdout += text;
    },
    stderr: (text) => {
      written.stderr += text;
    },
    stderrIsTty,
  };
  return { io, written };
}
