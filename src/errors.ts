import { ExitStatus, PROBLEMS, Problem, ProblemCode } from './problems';

/**
 * The only error type the library throws on purpose. It carries a stable code, and where the
 * problem is when it concerns the file's bytes.
 */
export class VboxCoreError extends Error {
  /** The stable code (see PROBLEMS). */
  readonly code: ProblemCode;
  /** Absolute file offset of the offending bytes, when there is one. */
  readonly fileOffset: number | null;
  /** The field at fault (`program_header[3].p_filesz`), when there is one. */
  readonly field: string | null;
  /** Structured facts behind the message, for --json. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  /**
   * @param code the stable code
   * @param message what is wrong, where, and what was expected
   * @param where the file offset, field and facts, where known
   */
  constructor(
    code: ProblemCode,
    message: string,
    where: { fileOffset?: number | null; field?: string | null; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'VboxCoreError';
    this.code = code;
    this.fileOffset = where.fileOffset ?? null;
    this.field = where.field ?? null;
    this.details = where.details;
  }

  /** The CLI's exit status for this code. */
  get exitStatus(): ExitStatus {
    return PROBLEMS[this.code].exitStatus;
  }

  /** The error for a problem found in a dump, its message prefixed with the dump's path. */
  static fromProblem(problem: Problem, path?: string): VboxCoreError {
    const prefix = path === undefined ? '' : `${path}: `;
    return new VboxCoreError(problem.code, `${prefix}${problem.message}`, problem);
  }
}

/** True for errors thrown by vboxcore on purpose (anything else is a bug). */
export function isVboxCoreError(value: unknown): value is VboxCoreError {
  return value instanceof VboxCoreError;
}
