import { Injectable } from '@nestjs/common';

/**
 * Set when shutdown begins: readiness answers 503 from then on so load balancers stop sending new
 * work while in-flight requests drain.
 */
@Injectable()
export class LifecycleState {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }
}
