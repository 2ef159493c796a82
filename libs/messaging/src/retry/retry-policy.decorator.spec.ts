import { EventPattern } from '@nestjs/microservices';
import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants';
import { getRetryPolicyExtra, RetryPolicy } from './retry-policy.decorator';

class Handlers {
  @EventPattern<string>('above', { other: 1 })
  @RetryPolicy({ attempts: 2 })
  policyBelow(): void {}

  @RetryPolicy({ attempts: 3 })
  @EventPattern<string>('below', { other: 1 })
  policyAbove(): void {}
}

describe('@RetryPolicy', () => {
  it('should merge into the pattern extras whatever the decorator order', () => {
    const below = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, Handlers.prototype.policyBelow);
    const above = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, Handlers.prototype.policyAbove);
    expect([below.other, getRetryPolicyExtra(below)]).toEqual([1, { attempts: 2 }]);
    expect([above.other, getRetryPolicyExtra(above)]).toEqual([1, { attempts: 3 }]);
  });

  it('should return undefined for handlers without a policy', () => {
    expect(getRetryPolicyExtra(undefined)).toBeUndefined();
    expect(getRetryPolicyExtra({ other: 1 })).toBeUndefined();
  });
});
