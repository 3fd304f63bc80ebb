import { isHttpError } from './client';

export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem details as the Stockade API sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  message?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export function problemOf(error: unknown): Problem | undefined {
  if (!isHttpError(error) || !error.response) return undefined;
  const data: unknown = error.response.data;
  if (data && typeof data === 'object' && !(data instanceof Blob)) {
    return data as Problem;
  }
  return { status: error.response.status };
}

export function statusOf(error: unknown): number | undefined {
  return isHttpError(error) ? error.response?.status : undefined;
}

export function problemTypeIs(problem: Problem | undefined, suffix: string): boolean {
  return typeof problem?.type === 'string' && problem.type.endsWith(suffix);
}

/** A sentence for the user: the problem's detail, else a fallback. */
export function describeError(error: unknown, fallback = 'The request failed.'): string {
  const p = problemOf(error);
  if (p?.detail) return p.detail;
  if (p?.title) return p.title;
  if (isHttpError(error) && !error.response) return 'The server could not be reached. Check your connection.';
  return fallback;
}

export function fieldErrorsOf(error: unknown): FieldProblem[] {
  const errs = problemOf(error)?.errors;
  return Array.isArray(errs) ? errs.filter((e) => e && typeof e.field === 'string') : [];
}
