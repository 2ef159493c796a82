import type { Socket } from 'node:net';
import type { BrokerCore } from './broker-core';
import { advertise, ROUTES, type ApiRoute, type RequestContext } from './handlers';
import { apiVersionsApi } from './protocol/apis/api-versions';
import { apiName, ApiKey } from './protocol/api-keys';
import { DecodeError, Decoder } from './protocol/decoder';
import { Encoder } from './protocol/encoder';
import { errorCode } from './protocol/error-codes';
import { FrameReader, frameResponse } from './protocol/frame';

interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string;
}

/**
 * One client connection. Requests are handled strictly one at a time, in arrival order, as
 * Kafka does (it mutes a channel while a request is in flight), so responses keep the order
 * clients rely on. Any protocol violation closes only this connection, with a log line.
 */
export class Connection {
  private readonly frames: FrameReader;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private open = true;
  private readonly closeListeners = new Set<() => void>();
  private readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly core: BrokerCore,
  ) {
    this.frames = new FrameReader(core.options.maxFrameBytes);
    this.peer = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.core.options.logger.debug(`${this.peer}: ${error.message}`));
    socket.on('close', () => {
      this.open = false;
      for (const listener of [...this.closeListeners]) listener();
    });
  }

  private onData(chunk: Buffer): void {
    try {
      this.queue.push(...this.frames.push(chunk));
    } catch (error) {
      return this.abort(`bad frame: ${(error as Error).message}`);
    }
    void this.drainQueue();
  }

  private async drainQueue(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let frame = this.queue.shift(); frame && this.open; frame = this.queue.shift()) {
        await this.handleFrame(frame);
      }
    } catch (error) {
      if (error instanceof DecodeError) this.abort(`malformed request: ${error.message}`);
      else this.abort(`request failed: ${(error as Error).stack ?? String(error)}`, 'error');
    } finally {
      this.busy = false;
    }
  }

  private async handleFrame(frame: Buffer): Promise<void> {
    const decoder = new Decoder(frame);
    const header = readHeader(decoder);
    const route = ROUTES.get(header.apiKey);
    const codec = route?.api.versions[header.apiVersion];
    const name = `${apiName(header.apiKey)} v${header.apiVersion}`;
    this.core.options.logger.debug(
      `${this.peer} ${header.clientId}: ${name} #${header.correlationId}`,
    );
    if (!route || !codec) return this.refuseVersion(header, name);
    const request = codec.decodeRequest(decoder);
    const body = await route.handle(request, this.context(header), this.core);
    if (body === null) return;
    const encoder = new Encoder().writeInt32(header.correlationId);
    codec.encodeResponse(encoder, body);
    await this.send(encoder.toBuffer());
  }

  /**
   * ApiVersions newer than ours gets UNSUPPORTED_VERSION in a v0 body listing what we do
   * support, so the client retries with a version we know (KIP-511). For other APIs there is
   * no body layout to put an error in, so, like Kafka, the connection is closed.
   */
  private async refuseVersion(header: RequestHeader, name: string): Promise<void> {
    if (header.apiKey !== ApiKey.ApiVersions) return this.abort(`unsupported request ${name}`);
    const encoder = new Encoder().writeInt32(header.correlationId);
    const body = advertise([...ROUTES.values()] as ApiRoute[], errorCode('UNSUPPORTED_VERSION'));
    apiVersionsApi.versions[0].encodeResponse(encoder, body);
    await this.send(encoder.toBuffer());
  }

  private context(header: RequestHeader): RequestContext {
    return {
      apiVersion: header.apiVersion,
      clientId: header.clientId,
      clientHost: this.socket.remoteAddress ?? '',
      localHost: (this.socket.localAddress ?? this.core.options.host).replace(/^::ffff:/, ''),
      localPort: this.socket.localPort ?? 0,
      onClose: (listener) => {
        if (!this.open) queueMicrotask(listener);
        this.closeListeners.add(listener);
        return () => this.closeListeners.delete(listener);
      },
    };
  }

  /** Writes a response and waits while the socket's buffer is full (back-pressure). */
  private send(payload: Buffer): Promise<void> {
    if (!this.open) return Promise.resolve();
    if (this.socket.write(frameResponse(payload))) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.once('drain', done);
      this.socket.once('close', done);
    });
  }

  private abort(reason: string, level: 'warn' | 'error' = 'warn'): void {
    if (!this.open) return;
    this.open = false;
    this.queue.length = 0;
    this.core.options.logger[level](`closing connection from ${this.peer}: ${reason}`);
    this.socket.destroy();
  }
}

/** Request header v1 (api_key api_version correlation_id client_id); v2 adds tagged fields
 * only for flexible versions, none of which are accepted beyond this point. */
function readHeader(decoder: Decoder): RequestHeader {
  const apiKey = decoder.readInt16();
  const apiVersion = decoder.readInt16();
  const correlationId = decoder.readInt32();
  return { apiKey, apiVersion, correlationId, clientId: decoder.readNullableString() ?? '' };
}
