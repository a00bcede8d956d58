export type ToolErrorKind = 'not_found' | 'duplicate' | 'conflict' | 'forbidden' | 'invalid';

/** An expected failure whose message is shown to the model as is. */
export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    message: string,
    readonly kind: ToolErrorKind = 'invalid',
  ) {
    super(message);
  }
}

/** "book 999 not found" */
export function notFound(entity: string, id: number | string): ToolError {
  return new ToolError(`${entity} ${id} not found`, 'not_found');
}
