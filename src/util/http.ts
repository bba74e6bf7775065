/**
 * A small HTTP client on node:http(s): every request has a timeout and a response size limit, errors are classified
 * for retries and messages, and HTTPS_PROXY / NO_PROXY are honoured as @actions/http-client honours them (its own
 * proxy rules are reused), with CONNECT tunnelling for https.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { getProxyUrl } from '@actions/http-client/lib/proxy';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

export type NetworkFailure = 'timeout' | 'refused' | 'reset' | 'dns' | 'tls' | 'proxy' | 'other';

/** A request that got no complete HTTP response. Always worth a bounded retry. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly kind: NetworkFailure,
    message: string
  ) {
    super(message);
  }
}

const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export async function request(req: HttpRequest): Promise<HttpResponse> {
  const target = new URL(req.url);
  const proxy = getProxyUrl(target);
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const where = `${target.protocol}//${target.host}`;
  try {
    const tunnel = proxy && target.protocol === 'https:' ? await openTunnel(proxy, target, deadline) : undefined;
    return await send(req, target, deadline, tunnel, proxy && target.protocol === 'http:' ? proxy : undefined);
  } catch (err) {
    if (err instanceof NetworkError) throw err;
    throw classify(err, where, deadline.aborted, req.timeoutMs);
  }
}

function classify(err: unknown, where: string, timedOut: boolean, timeoutMs: number): NetworkError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (timedOut || code === 'ABORT_ERR' || code === 'ETIMEDOUT') {
    return new NetworkError('timeout', `${where} did not answer within ${Math.round(timeoutMs / 1000)} s`);
  }
  if (code === 'ECONNREFUSED') return new NetworkError('refused', `${where} refused the connection`);
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /socket hang up|premature close|aborted/i.test(String((err as Error).message))
  ) {
    return new NetworkError('reset', `the connection to ${where} was closed before a complete response`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new NetworkError('dns', `cannot resolve the host of ${where}`);
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL')) {
    return new NetworkError('tls', `TLS to ${where} failed (${code})`);
  }
  return new NetworkError('other', `request to ${where} failed (${code || (err as Error).message})`);
}

function proxyAuthHeader(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return { 'proxy-authorization': `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}

/** CONNECT host:port through an http(s) proxy; resolves with the raw tunnel socket. */
function openTunnel(proxy: URL, target: URL, signal: AbortSignal): Promise<Duplex> {
  const port = target.port || '443';
  const transport = proxy.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const connect = transport.request({
      host: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${target.hostname}:${port}`,
      headers: { host: `${target.hostname}:${port}`, ...proxyAuthHeader(proxy) },
      signal
    });
    connect.once('connect', (res, socket) => {
      if (res.statusCode === 200) {
        resolve(socket);
      } else {
        socket.destroy();
        reject(
          new NetworkError(
            'proxy',
            `the proxy ${proxy.host} refused to tunnel to ${target.host} (HTTP ${res.statusCode})`
          )
        );
      }
    });
    connect.once('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      reject(
        signal.aborted
          ? err
          : new NetworkError(
              'proxy',
              `cannot reach the proxy ${proxy.host} (${code ?? err.message}); check HTTPS_PROXY / NO_PROXY`
            )
      );
    });
    connect.end();
  });
}

function send(
  req: HttpRequest,
  target: URL,
  signal: AbortSignal,
  tunnel?: Duplex,
  httpProxy?: URL
): Promise<HttpResponse> {
  const isHttps = target.protocol === 'https:';
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  const options: https.RequestOptions = {
    method: req.method,
    host: target.hostname.replace(/^\[|\]$/g, ''),
    port: target.port || (isHttps ? 443 : 80),
    path: `${target.pathname}${target.search}`,
    headers,
    signal,
    agent: false
  };
  if (tunnel) {
    // No agent: with one, node ignores createConnection and would dial the target directly.
    delete options.agent;
    options.createConnection = () => tls.connect({ socket: tunnel, servername: target.hostname });
  } else if (httpProxy) {
    Object.assign(options, { host: httpProxy.hostname, port: httpProxy.port || 80, path: target.href });
    Object.assign(headers, { host: target.host }, proxyAuthHeader(httpProxy));
  }
  const transport = isHttps && !httpProxy ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          res.destroy(
            new NetworkError('other', `the response from ${target.host} is larger than ${MAX_RESPONSE_BYTES} bytes`)
          );
        } else {
          chunks.push(chunk);
        }
      });
      res.once('error', reject);
      res.once('aborted', () => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      res.once('end', () => {
        if (!res.complete) {
          reject(Object.assign(new Error('premature close'), { code: 'ECONNRESET' }));
          return;
        }
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8')
        });
      });
    });
    outgoing.once('error', reject);
    outgoing.end(req.body);
  });
}

/** Parses a JSON body; undefined when it is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
