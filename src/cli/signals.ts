import { removeTemporariesNow } from '../export/output-file';

/** The signals that end a long export: Ctrl-C, kill, a closed terminal, Ctrl-\. */
const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const INTERRUPTED_EXIT = 130;

/**
 * While an export runs: the first interrupt asks it to stop (it removes its temporary file and
 * exits 130); a second one, for someone who will not wait, removes the temporary files at once
 * and exits. Returns the function that puts the default handlers back.
 */
export function onInterrupt(stop: () => void): () => void {
  let received = 0;
  const handler = (): void => {
    received++;
    if (received === 1) {
      stop();
      return;
    }
    removeTemporariesNow();
    process.exit(INTERRUPTED_EXIT);
  };
  for (const signal of INTERRUPTS) process.on(signal, handler);
  return () => {
    // Once interrupted the process is on its way out: a further signal must still find this
    // handler, not the default one that would end it before its cleanup.
    if (received > 0) return;
    for (const signal of INTERRUPTS) process.removeListener(signal, handler);
  };
}
