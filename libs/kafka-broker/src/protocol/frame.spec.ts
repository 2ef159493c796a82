import { DecodeError } from './decoder';
import { FrameReader, FrameTooLargeError, frameResponse } from './frame';

const frame = (payload: Buffer) => frameResponse(payload);
const payload = (n: number) => Buffer.alloc(n, n);

describe('Protocol > FrameReader', () => {
  it('returns several frames from one chunk and joins a frame split over chunks', () => {
    const reader = new FrameReader(1024);
    const stream = Buffer.concat([frame(payload(10)), frame(payload(12)), frame(payload(20))]);
    expect(reader.push(stream.subarray(0, 20))).toEqual([payload(10)]);
    expect(reader.push(stream.subarray(20, 31))).toEqual([payload(12)]);
    expect(reader.push(stream.subarray(31, 40))).toEqual([]);
    expect(reader.push(stream.subarray(40))).toEqual([payload(20)]);
  });

  it('rejects a size prefix above the limit before buffering the body', () => {
    const reader = new FrameReader(100);
    const head = Buffer.alloc(4);
    head.writeInt32BE(101);
    expect(() => reader.push(head)).toThrow(FrameTooLargeError);
  });

  it('rejects sizes too small to hold a request header, including negative ones', () => {
    expect(() => new FrameReader(100).push(frame(payload(3)))).toThrow(DecodeError);
    expect(() => new FrameReader(100).push(Buffer.from([0xff, 0xff, 0xff, 0xfe]))).toThrow(
      DecodeError,
    );
  });

  it('tells the next frame size from its prefix alone, then hands the frame out once complete', () => {
    const reader = new FrameReader(1024);
    const stream = Buffer.concat([frame(payload(30)), frame(payload(11))]);
    reader.append(stream.subarray(0, 2));
    expect(reader.nextSize()).toBeNull();
    reader.append(stream.subarray(2, 10)); // the prefix is split across chunks
    expect(reader.nextSize()).toBe(30);
    expect(reader.shift()).toBeNull();
    reader.append(stream.subarray(10));
    expect(reader.shift()).toEqual(payload(30));
    expect(reader.nextSize()).toBe(11);
    expect(reader.shift()).toEqual(payload(11));
    expect(reader.bufferedBytes).toBe(0);
  });
});
