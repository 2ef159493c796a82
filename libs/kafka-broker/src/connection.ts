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
 * Kafka does, so responses keep the order clients rely on. Any protocol violation closes only
 * this connection, with a log line.
 *
 * Like Kafka's muted channels, the socket stops being read (`pause()`) while a response waits
 * for the client to read (socket buffer full), while `maxQueuedRequests` requests wait
 * unanswered, or while the broker-wide {@link BufferBudget} has no room for the next frame; it
 * resumes when that clears. A client that pipelines without reading therefore fills only the
 * kernel's socket buffers, not the broker's heap (issue 20, defect 4).
 */
export class Connection {
  private readonly frames: FrameReader;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private open = true;
  private readonly closeListeners = new Set<() => void>();
  private readonly peer: string;
  /** Budget bytes held for the frame being read, queued frames and the one being handled. */
  private held = 0;
  /** Whether the frame at the head of `frames` has its budget bytes already. */
  private headReserved = false;
  private writeBlocked = false;
  private cancelBudgetWait: (() => void) | null = null;
  private paused = false;

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
      this.releaseAll();
      for (const listener of [...this.closeListeners]) listener();
    });
  }

  private onData(chunk: Buffer): void {
    this.frames.append(chunk);
    this.pump();
  }

  /** Moves complete frames into the queue while the bounds allow, then mutes or unmutes. */
  private pump(): void {
    try {
      while (this.open && this.queue.length < this.core.options.maxQueuedRequests) {
        const size = this.frames.nextSize();
        if (size === null) break;
        if (!this.headReserved && !this.reserve(size)) break;
        const frame = this.frames.shift();
        if (!frame) break;
        this.headReserved = false;
        this.queue.push(frame);
      }
    } catch (error) {
      return this.abort(`bad frame: ${(error as Error).message}`);
    }
    this.updateFlow();
    void this.drainQueue();
  }

  /** Reserves a frame's declared size before its body is kept; waits for a release if full. */
  private reserve(size: number): boolean {
    if (this.cancelBudgetWait) return false;
    if (this.core.buffers.tryReserve(size)) {
      this.held += size;
      this.headReserved = true;
      return true;
    }
    this.cancelBudgetWait = this.core.buffers.onRelease(() => {
      this.cancelBudgetWait = null;
      this.pump();
    });
    return false;
  }

  private updateFlow(): void {
    if (!this.open) return;
    const full = this.queue.length >= this.core.options.maxQueuedRequests;
    const mute = this.writeBlocked || full || this.cancelBudgetWait !== null;
    if (mute && !this.paused) this.socket.pause();
    else if (!mute && this.paused) this.socket.resume();
    this.paused = mute;
  }

  private async drainQueue(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let frame = this.queue.shift(); frame && this.open; frame = this.queue.shift()) {
        try {
          await this.handleFrame(frame);
        } finally {
          this.releaseFrame(frame.length);
        }
        // Room in the queue again: take frames already received, unmute if nothing else holds.
        this.pump();
      }
    } catch (error) {
      if (error instanceof DecodeError) this.abort(`malformed request: ${error.message}`);
      else this.abort(`request failed: ${(error as Error).stack ?? String(error)}`, 'error');
    } finally {
      this.busy = false;
    }
  }

  private releaseFrame(bytes: number): void {
    if (!this.open) return; // releaseAll gave everything back already
    this.held -= bytes;
    this.core.buffers.release(bytes);
  }

  /** Gives every budget byte of this connection back, once, when it closes. */
  private releaseAll(): void {
    this.cancelBudgetWait?.();
    this.cancelBudgetWait = null;
    this.queue.length = 0;
    const held = this.held;
    this.held = 0;
    this.core.buffers.release(held);
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

  /**
   * Writes a response. When the socket's buffer is full the client is not reading: stop reading
   * its requests too until the buffer drains (back-pressure both ways).
   */
  private send(payload: Buffer): Promise<void> {
    if (!this.open) return Promise.resolve();
    if (this.socket.write(frameResponse(payload))) return Promise.resolve();
    this.writeBlocked = true;
    this.updateFlow();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        this.writeBlocked = false;
        resolve();
      };
      this.socket.once('drain', done);
      this.socket.once('close', done);
    });
  }

  private abort(reason: string, level: 'warn' | 'error' = 'warn'): void {
    if (!this.open) return;
    this.open = false;
    this.releaseAll();
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
