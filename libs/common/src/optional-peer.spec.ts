/* eslint-disable @typescript-eslint/no-require-imports -- loading at call time is the subject */
import { lazyOptionalPeer, optionalPeer } from './optional-peer';

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

describe('lazyOptionalPeer', () => {
  it('should load the peer once, on the first call, and keep it', () => {
    const load = jest.fn(() => require('node:path') as typeof import('node:path'));
    const path = lazyOptionalPeer(load, 'path');
    expect(load).not.toHaveBeenCalled();
    expect(path()?.join('a', 'b')).toBe('a/b');
    expect(path()).toBe(path());
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('should answer undefined, asking once, when the peer is not installed', () => {
    const load = jest.fn(() => require('bulwark-no-such-peer') as unknown);
    const peer = lazyOptionalPeer(load, 'bulwark-no-such-peer');
    expect([peer(), peer()]).toEqual([undefined, undefined]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('should rethrow a failure of the installed peer itself', () => {
    const failure = new Error('the peer is broken');
    const peer = lazyOptionalPeer(() => {
      throw failure;
    }, 'prom-client');
    expect(peer).toThrow(failure);
  });
});
