import { PROBLEMS, Problem, ProblemCode } from '../problems';

/** Thrown inside the inspector after a fatal problem is recorded; never escapes the library. */
export class InspectionStopped extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

export interface ProblemLocation {
  fileOffset?: number | null;
  field?: string | null;
  details?: Record<string, unknown>;
}

export class ProblemCollector {
  readonly problems: Problem[] = [];

  add(code: ProblemCode, message: string, where: ProblemLocation = {}): Problem {
    const problem: Problem = {
      code,
      severity: PROBLEMS[code].severity,
      message,
      fileOffset: where.fileOffset ?? null,
      field: where.field ?? null,
      ...(where.details === undefined ? {} : { details: where.details }),
    };
    this.problems.push(problem);
    return problem;
  }

  /** Records a problem after which nothing further can be read, and stops the inspection. */
  stop(code: ProblemCode, message: string, where: ProblemLocation = {}): never {
    throw new InspectionStopped(this.add(code, message, where));
  }

  has(code: ProblemCode): boolean {
    return this.problems.some((problem) => problem.code === code);
  }
}

/**
 * Reports the first `limit` items one by one and the rest as one count: a corrupt table can
 * repeat the same problem tens of thousands of times.
 */
export function reportFirstFew<T>(items: readonly T[], limit: number, reportOne: (item: T) => void, reportRest: (firstOfRest: T, count: number) => void): void {
  items.slice(0, limit).forEach(reportOne);
  if (items.length > limit) reportRest(items[limit], items.length - limit);
}
