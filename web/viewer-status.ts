import type { SearchStatus } from './search-view';

/** What the viewer page exposes of its state as `window.vboxcoreViewer`: for its tests, and for the curious in the console. */
export interface ViewerStatus {
  /** Nothing picked yet, opening, showing a dump, or showing why it cannot. */
  state: 'idle' | 'loading' | 'ready' | 'error';
  /** The file's name. */
  name: string | null;
  /** Bytes the source has read since the dump was picked... */
  bytesRead: number;
  /** ...in this many reads. */
  readCount: number;
  /** Milliseconds from picking the file to the summary on screen. */
  openMilliseconds: number | null;
  /** The problem code of the last error shown. */
  errorCode: string | null;
  /** Times the hex view has been drawn (a test waits for the next one). */
  hexDraws: number;
  /** The last search. */
  search: SearchStatus;
}

declare global {
  interface Window {
    /** The viewer's state (web/viewer.ts keeps it current). */
    vboxcoreViewer: ViewerStatus;
  }
}
