// Injected by esbuild into the viewer's bundle: every use of the global `Buffer` gets this one.
export { Buffer } from 'buffer';
