import { SingleBar } from 'cli-progress';
import { ExportProgress } from '../export/export';

function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A terminal progress bar on stderr: bytes done, rate, time left. */
export function progressBar(): { update(progress: ExportProgress): void; stop(): void } {
  const bar = new SingleBar({
    format: 'exporting [{bar}] {percentage}% | {doneText} of {totalText} | {rateText}/s | {eta_formatted} left',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  let started = false;
  let stopped = false;
  return {
    update(progress) {
      const payload = {
        doneText: humanBytes(progress.bytesDone),
        totalText: humanBytes(progress.bytesTotal),
        rateText: humanBytes(progress.elapsedMs > 0 ? (progress.bytesDone / progress.elapsedMs) * 1000 : 0),
      };
      if (!started) {
        bar.start(progress.bytesTotal, progress.bytesDone, payload);
        started = true;
      } else {
        bar.update(progress.bytesDone, payload);
      }
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

export { humanBytes };
