import { connect } from 'node:net';
import { Tally } from '../tally';

/** Requests no well-behaved client would send, written byte for byte to a socket. */
const RAW_CASES: string[] = [
  'GARBAGE\r\n\r\n',
  'GET /products/1\r\n\r\n',
  'GET /products/1 HTTP/9.9\r\nHost: x\r\n\r\n',
  'GET http://evil.example/products/1 HTTP/1.1\r\nHost: evil.example\r\n\r\n',
  'GET /products/\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /products/1 HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n',
  'GET /products/1 HTTP/1.1\r\nHost: x\r\n X-Folded: y\r\n\r\n',
  `GET /products/1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  `GET /products/1 HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_, i) => `X-${i}: 1`).join('\r\n')}\r\n\r\n`,
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"productId":301,"quantity":1}',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"pro\r\n0\r\n\r\n',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: deflate\r\nContent-Length: 4\r\n\r\nnope',
  'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=utf-32\r\nContent-Length: 2\r\n\r\n{}',
  'PUT /products/1001 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n{',
  'DELETE /products/1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'BREW /products/1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /products/1 HTTP/1.1\r\nHost: x\r\nX-Request-Timeout: abc\r\nX-Request-Timeout: -1\r\n\r\n',
  '\r\n\r\n\r\n',
  'GET / HTTP/1.1\r\n\r\n',
];

/**
 * Writes each raw case to a fresh connection and reads the status line of the answer, if any
 * (Node's HTTP parser answers most of these itself with 400/431 and closes).
 */
export async function rawFuzz(
  base: string,
  rounds: number,
): Promise<{ tally: Tally; fiveHundreds: string[] }> {
  const url = new URL(base);
  const tally = new Tally();
  const fiveHundreds: string[] = [];
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      RAW_CASES.map(async (raw) => {
        const status = await sendRaw(url.hostname, Number(url.port), raw);
        if (typeof status === 'number') {
          tally.status(status);
          if (status >= 500)
            fiveHundreds.push(`${status} raw ${JSON.stringify(raw.slice(0, 120))}`);
        } else {
          tally.failure(status);
        }
      }),
    );
  }
  return { tally, fiveHundreds };
}

function sendRaw(host: string, port: number, raw: string): Promise<number | string> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let data = '';
    let settled = false;
    const done = (v: number | string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(5_000, () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      done(m ? Number(m[1]) : 'no-response');
    });
    socket.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      if (m) done(Number(m[1]));
    });
    socket.on('error', (err: Error & { code?: string }) => done(err.code ?? 'error'));
    socket.on('close', () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      done(m ? Number(m[1]) : 'closed-without-answer');
    });
    socket.write(raw, 'latin1');
  });
}
