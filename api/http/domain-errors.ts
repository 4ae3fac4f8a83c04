// Domain error classes with a stable code; the one error handler maps them to HTTP responses.
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
    readonly details?: unknown,
    /** Further fields of the error body beside code, message and details (e.g. a count). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: unknown, code = 'bad_request') {
    super(code, message, 400, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'a valid bearer token is required') {
    super('unauthorized', message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'this token may not do that') {
    super('forbidden', message, 403);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', message, 404);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(code, message, 409);
  }
}

export class UnavailableError extends AppError {
  constructor(message: string) {
    super('unavailable', message, 503);
  }
}
