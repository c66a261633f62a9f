/**
 * Region loss: an HTTP proxy in front of the emulator that refuses (503) every request signed for
 * the lost Region, read from the SigV4 credential scope of its `Authorization` header
 * (`Credential=AKID/20260101/us-east-1/rds/aws4_request`, or `X-Amz-Credential` of a presigned URL).
 * The second mode also refuses the global control planes (IAM, Route 53, and anything signed for
 * us-east-1, where they live). It counts what it forwarded and refused per Region and service.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export interface CredentialScope {
  readonly region: string;
  readonly service: string;
}

/** The Region and service a SigV4-signed request names, or undefined when it is unsigned. */
export function credentialScope(authorization: string | undefined, url = ''): CredentialScope | undefined {
  const fromHeader = authorization?.match(/Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/);
  if (fromHeader) return { region: fromHeader[1], service: fromHeader[2] };
  const query = url.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1)) : undefined;
  const presigned = query?.get('X-Amz-Credential')?.match(/^[^/]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request$/);
  return presigned ? { region: presigned[1], service: presigned[2] } : undefined;
}

export type LossMode = 'region' | 'region+global';

/** Global control-plane services (signing names): IAM, Route 53, ARC control configuration, STS global. */
export const GLOBAL_SERVICES: readonly string[] = ['iam', 'route53', 'route53-recovery-control-config'];

/** Whether the proxy refuses a request with this scope. Unsigned requests are refused too: nothing can tell where they go. */
export function refuses(scope: CredentialScope | undefined, lostRegion: string, mode: LossMode): boolean {
  if (!scope) return true;
  if (scope.region === lostRegion) return true;
  if (mode === 'region+global') return GLOBAL_SERVICES.includes(scope.service) || scope.region === 'us-east-1';
  return false;
}

export interface ProxyCounts {
  /** `<region>/<service>` -> requests forwarded. */
  readonly forwarded: Record<string, number>;
  /** `<region>/<service>` -> requests refused. */
  readonly refused: Record<string, number>;
  /** Requests for the lost Region that reached the emulator: must stay 0. */
  reachedLostRegion: number;
  /** Query-protocol calls forwarded (`<service>:<Action> <DBInstanceIdentifier>`), in order. */
  readonly actions: string[];
}

/** The Query-protocol action of a form body (`Action=PromoteReadReplica&DBInstanceIdentifier=x`). */
export function queryAction(body: string): string | undefined {
  if (!body.includes('Action=')) return undefined;
  const q = new URLSearchParams(body);
  const action = q.get('Action');
  return action ? `${action}${q.get('DBInstanceIdentifier') ? ` ${q.get('DBInstanceIdentifier')}` : ''}` : undefined;
}

export interface RegionLossProxy {
  readonly url: string;
  readonly counts: ProxyCounts;
  close(): Promise<void>;
}

/** Starts the proxy on a free port in front of `target` (the emulator's base URL). */
export function startProxy(target: string, lostRegion: string, mode: LossMode): Promise<RegionLossProxy> {
  const upstream = new URL(target);
  const counts: ProxyCounts = { forwarded: {}, refused: {}, reachedLostRegion: 0, actions: [] };
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const server = http.createServer((req, res) => {
    const scope = credentialScope(req.headers.authorization, req.url);
    const key = scope ? `${scope.region}/${scope.service}` : 'unsigned';
    if (refuses(scope, lostRegion, mode)) {
      bump(counts.refused, key);
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain', connection: 'close' });
      res.end(`drill: Region ${lostRegion} is lost (${key} refused)\n`);
      return;
    }
    bump(counts.forwarded, key);
    if (scope?.region === lostRegion) counts.reachedLostRegion++;
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', (e) => {
      res.writeHead(502);
      res.end(`drill proxy: ${e.message}\n`);
    });
    // Buffered (Query bodies are small) so the action can be recorded before forwarding.
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = queryAction(body.toString('utf8'));
      if (action && scope) counts.actions.push(`${scope.service}:${action}`);
      out.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        counts,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
