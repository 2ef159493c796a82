import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';

/**
 * The global ValidationPipe, except for route params. With `transform: true` it turns the param
 * string `1e3` into the number 1000 before the param's own pipe can reject it; params here always
 * carry an explicit pipe (e.g. `IdPipe`) that owns their parsing.
 *
 * A top-level array where a DTO object is expected is refused before class-transformer, which would
 * otherwise build and validate one DTO per element: a 600 KB array of numbers cost ~0.5 s of CPU
 * for its 400, enough for a few such requests to push other routes past their budgets (504s).
 */
@Injectable()
export class BodyValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') return Promise.resolve(value);
    if (metadata.type === 'body' && Array.isArray(value) && metadata.metatype !== Array) {
      throw new BadRequestException('the request body must be a JSON object');
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}
