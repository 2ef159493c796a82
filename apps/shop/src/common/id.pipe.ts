import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

const MAX_ID = 2_147_483_647;

/**
 * Route ids are positive 32-bit integers. Nest's ParseIntPipe accepts `-1` and `99999999999`, which
 * would reach Postgres and come back as an empty result or an out-of-range error (a 500); this pipe
 * answers 400 before any query is built.
 */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(id >= 1 && id <= MAX_ID)) {
      throw new BadRequestException('id must be a positive integer');
    }
    return id;
  }
}
