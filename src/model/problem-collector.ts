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

/**
 * Problems of one code listed one by one before the rest are counted: a corrupt table can repeat
 * a problem hundreds of thousands of times (65534 program headers with 2^63 in every field).
 */
export const PROBLEMS_LISTED_PER_CODE = 16;

export class ProblemCollector {
  private readonly listed: Problem[] = [];
  /** Per code, the problems not listed one by one: how many, and the first of them. */
  private readonly unlisted = new Map<ProblemCode, { count: number; first: Problem }>();
  private readonly perCode = new Map<ProblemCode, number>();

  /** Every problem listed, then one line per code for the ones that were only counted. */
  get problems(): Problem[] {
    const summaries = [...this.unlisted.entries()].map(([code, { count, first }]): Problem => ({
      code,
      severity: PROBLEMS[code].severity,
      message: `${count} more ${code} problem(s) like the ones above, not listed one by one (the first: ${first.message})`,
      fileOffset: first.fileOffset,
      field: first.field,
      details: { count },
    }));
    return [...this.listed, ...summaries];
  }

  add(code: ProblemCode, message: string, where: ProblemLocation = {}): Problem {
    const problem: Problem = {
      code,
      severity: PROBLEMS[code].severity,
      message,
      fileOffset: where.fileOffset ?? null,
      field: where.field ?? null,
      ...(where.details === undefined ? {} : { details: where.details }),
    };
    const seen = this.perCode.get(code) ?? 0;
    this.perCode.set(code, seen + 1);
    if (seen < PROBLEMS_LISTED_PER_CODE || PROBLEMS[code].fatal) {
      this.listed.push(problem);
    } else {
      const entry = this.unlisted.get(code);
      if (entry === undefined) this.unlisted.set(code, { count: 1, first: problem });
      else entry.count++;
    }
    return problem;
  }

  /** Records a problem after which nothing further can be read, and stops the inspection. */
  stop(code: ProblemCode, message: string, where: ProblemLocation = {}): never {
    throw new InspectionStopped(this.add(code, message, where));
  }

  has(code: ProblemCode): boolean {
    return this.perCode.has(code);
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
