import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { NOT_AN_OBJECT, validationMessages } from './validation-messages';

const NOT_DTOS: readonly unknown[] = [String, Number, Boolean, Array, Object];
const isDto = (metatype: ArgumentMetadata['metatype']): boolean =>
  typeof metatype === 'function' && !NOT_DTOS.includes(metatype);
/** An absent body (`undefined`) is validated as `{}`: each required field is then named. */
const isJsonObject = (value: unknown): boolean =>
  value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value));

/**
 * The global ValidationPipe, except for route params. With `transform: true` it turns the param
 * string `1e3` into the number 1000 before the param's own pipe can reject it; params here always
 * carry an explicit pipe (e.g. `IdPipe`) that owns their parsing.
 *
 * A top-level array where a DTO object is expected is refused before class-transformer, which would
 * otherwise build and validate one DTO per element: a 600 KB array of numbers cost ~0.5 s of CPU
 * for its 400, enough for a few such requests to push other routes past their budgets (504s). A
 * string, number or `null` body is refused the same way (Nest would validate it as `{}` and list
 * every field as missing).
 *
 * Its 400 names one fault per field ({@link validationMessages}).
 */
@Injectable()
export class BodyValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super({
      exceptionFactory: (errors) => new BadRequestException(validationMessages(errors)),
      ...options,
      // The messages tell a missing field (undefined) from a null one by its value; values are
      // only read here, never echoed in the response.
      validationError: { target: false, value: true },
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') return Promise.resolve(value);
    if (metadata.type === 'body' && isDto(metadata.metatype) && !isJsonObject(value)) {
      throw new BadRequestException(NOT_AN_OBJECT);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}
