import { withTimeout } from '@bulwark/common';
import { connect, type Socket } from 'node:net';

export interface HalfSentRequest {
  /** Resolves when the shop closed the socket (or after `timeoutMs`, false). */
  closed(timeoutMs: number): Promise<boolean>;
  destroy(): void;
}

/**
 * A client that sent half its request (the headers of a POST, no blank line, no body) and then
 * nothing: what kept `server.close()` waiting until the forced exit before issue 20 (defect 3).
 */
export function halfSentRequest(base: string): Promise<HalfSentRequest> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        'POST /orders HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 40\r\n',
      );
      let closed = false;
      const onClose = new Promise<void>((r) => socket.once('close', () => ((closed = true), r())));
      resolve({
        closed: (timeoutMs) =>
          closed
            ? Promise.resolve(true)
            : withTimeout(
                onClose.then(() => true),
                timeoutMs,
                () => false,
              ),
        destroy: () => socket.destroy(),
      });
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}
