/* eslint-disable @typescript-eslint/no-require-imports -- loading at call time is the subject */
import { optionalPeer } from './optional-peer';

describe('optionalPeer', () => {
  it('should return what the peer exports when it is installed', () => {
    const path = optionalPeer(
      () => require('node:path') as typeof import('node:path'),
      'path',
      'X',
    );
    expect(path.join('a', 'b')).toBe('a/b');
  });

  it('should name the feature and the install command when the peer is missing', () => {
    const load = () =>
      optionalPeer(() => require('bulwark-no-such-peer'), 'bulwark-no-such-peer', 'Widgets');
    expect(load).toThrow(/^Widgets needs bulwark-no-such-peer: npm install bulwark-no-such-peer$/);
  });

  it('should rethrow anything else unchanged (the peer is there but fails to load)', () => {
    const failure = Object.assign(new Error("Cannot find module './inner'"), {
      code: 'MODULE_NOT_FOUND',
    });
    const load = () =>
      optionalPeer(
        () => {
          throw failure;
        },
        'prom-client',
        'Widgets',
      );
    expect(load).toThrow(failure);
  });
});
