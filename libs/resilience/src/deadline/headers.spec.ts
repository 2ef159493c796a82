import { Counter, Registry } from 'prom-client';
import { deadlineHeaders, Deadline, remainingBudget } from './deadline';
import { handleUnlessExpired, isMessageExpired } from './expired-message';
import { messageDeadlineAt, requestDeadlineAt } from './headers';

describe('deadline headers', () => {
  describe('requestDeadlineAt', () => {
    it('should read x-request-timeout relative to now and x-request-deadline as epoch ms', () => {
      expect(requestDeadlineAt({ 'x-request-timeout': '100' }, 1_000)).toBe(1_100);
      expect(requestDeadlineAt({ 'x-request-deadline': '5000' }, 1_000)).toBe(5_000);
    });

    it('should take the sooner of both and ignore junk', () => {
      expect(
        requestDeadlineAt({ 'x-request-timeout': '100', 'x-request-deadline': '1050' }, 1_000),
      ).toBe(1_050);
      expect(requestDeadlineAt({ 'x-request-timeout': 'soon' }, 1_000)).toBeUndefined();
      expect(requestDeadlineAt({ 'x-request-timeout': '-5' }, 1_000)).toBeUndefined();
      for (const junk of ['0x10', '1e1', ' 5', '5 ', '1,2', '', 'Infinity', '+5']) {
        expect(requestDeadlineAt({ 'x-request-timeout': junk }, 1_000)).toBeUndefined();
      }
      expect(requestDeadlineAt({ 'x-request-timeout': '12.5' }, 1_000)).toBe(1_012.5);
    });
  });

  describe('deadlineHeaders', () => {
    it('should carry the absolute deadline and round-trip through Kafka Buffer headers', () => {
      const headers = deadlineHeaders(new Deadline(1_700_000_000_123));
      expect(headers).toEqual({ 'x-deadline': '1700000000123' });
      expect(messageDeadlineAt({ 'x-deadline': Buffer.from(headers['x-deadline']) })).toBe(
        1_700_000_000_123,
      );
    });

    it('should be empty outside any deadline', () => {
      expect(deadlineHeaders()).toEqual({});
    });
  });

  describe('handleUnlessExpired', () => {
    const counter = () =>
      new Counter({
        name: 'skipped_total',
        help: 'h',
        labelNames: ['handler'],
        registers: [new Registry()],
      });

    it('should skip an expired message and count it', async () => {
      const skipped = counter();
      const handle = jest.fn();
      const out = await handleUnlessExpired({ 'x-deadline': String(Date.now() - 10) }, handle, {
        handler: 'quote',
        counter: skipped,
      });
      expect(out.skipped).toBe(true);
      expect(handle).not.toHaveBeenCalled();
      expect((await skipped.get()).values[0]).toMatchObject({
        value: 1,
        labels: { handler: 'quote' },
      });
    });

    it('should run a message in time with its remaining budget', async () => {
      const out = await handleUnlessExpired(
        { 'x-deadline': String(Date.now() + 200) },
        () => remainingBudget(),
        {
          handler: 'quote',
        },
      );
      expect(out.skipped).toBe(false);
      expect(out.skipped === false && out.value).toBeGreaterThan(100);
    });

    it('should honour the grace period', () => {
      const headers = { 'x-deadline': String(Date.now() - 100) };
      expect(isMessageExpired(headers)).toBe(true);
      expect(isMessageExpired(headers, 1_000)).toBe(false);
      expect(isMessageExpired({})).toBe(false);
    });
  });
});
