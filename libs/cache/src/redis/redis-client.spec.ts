import { parseClusterNodes } from './redis-client';

describe('parseClusterNodes', () => {
  it('reads host:port seeds', () => {
    expect(parseClusterNodes(['redis-0:6379', ' 10.0.0.2:7000 '])).toEqual([
      { host: 'redis-0', port: 6379 },
      { host: '10.0.0.2', port: 7000 },
    ]);
  });

  it.each([[[]], [['redis-0']], [['redis-0:0']], [['redis-0:70000']]])(
    'refuses %j with a message naming the option',
    (nodes) => {
      expect(() => parseClusterNodes(nodes)).toThrow(/redisClusterNodes/);
    },
  );
});
