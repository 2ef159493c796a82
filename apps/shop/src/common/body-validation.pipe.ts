import {
  ArgumentMetadata,
  Injectable,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';

/**
 * The global ValidationPipe, except for route params. With `transform: true` it turns the param
 * string `1e3` into the number 1000 before the param's own pipe can reject it; params here always
 * carry an explicit pipe (e.g. `IdPipe`) that owns their parsing.
 */
@Injectable()
export class BodyValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') return Promise.resolve(value);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}
