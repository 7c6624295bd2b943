import { SingleBar } from 'cli-progress';
import { ExportProgress } from '../export/export';
import { approximateSize } from '../model/sizes';

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
        doneText: approximateSize(progress.bytesDone),
        totalText: approximateSize(progress.bytesTotal),
        // Holes of a sparse dump file are stepped over at once: only what was read makes the rate.
        rateText: approximateSize(progress.elapsedMs > 0 ? Math.round(((progress.bytesDone - progress.bytesSteppedOver) / progress.elapsedMs) * 1000) : 0),
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

