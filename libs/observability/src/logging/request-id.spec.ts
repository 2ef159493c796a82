import { requestId } from './request-id';

describe('requestId', () => {
  const sink = () => {
    const headers: Record<string, string> = {};
    return { headers, setHeader: (k: string, v: string) => (headers[k] = v) };
  };

  it('echoes a safe caller id', () => {
    const res = sink();
    expect(requestId({ headers: { 'x-request-id': 'req-42' } }, res)).toBe('req-42');
    expect(res.headers['x-request-id']).toBe('req-42');
  });

  it('replaces an unsafe or missing id with a UUID', () => {
    expect(requestId({ headers: { 'x-request-id': 'a\nb' } }, sink())).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId({ headers: {} }, sink())).toMatch(/^[0-9a-f-]{36}$/);
  });
});
