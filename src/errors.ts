import { ExitStatus, PROBLEMS, Problem, ProblemCode } from './problems';

/**
 * The only error type the library throws on purpose. It carries a stable code, and where the
 * problem is when it concerns the file's bytes.
 */
export class VboxCoreError extends Error {
  readonly code: ProblemCode;
  readonly fileOffset: number | null;
  readonly field: string | null;
  readonly details: Readonly<Record<string, unknown>> | undefined;

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

  get exitStatus(): ExitStatus {
    return PROBLEMS[this.code].exitStatus;
  }

  static fromProblem(problem: Problem, path?: string): VboxCoreError {
    const prefix = path === undefined ? '' : `${path}: `;
    return new VboxCoreError(problem.code, `${prefix}${problem.message}`, problem);
  }
}

export function isVboxCoreError(value: unknown): value is VboxCoreError {
  return value instanceof VboxCoreError;
}
