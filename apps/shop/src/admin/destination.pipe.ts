import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { DESTINATION_NAME } from './dlq.dto';

/** A topic or queue name from the path: plain names only, so nothing odd reaches a broker. */
@Injectable()
export class DestinationPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!DESTINATION_NAME.test(value)) {
      throw new BadRequestException('name must be letters, digits, . _ - (at most 200)');
    }
    return value;
  }
}
