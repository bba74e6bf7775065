// A small HTTP CONNECT proxy on 127.0.0.1 that counts what passes through it. Whatever host a client asks for, it
// connects to 127.0.0.1 on the same port, or to the loopback address and port `route()` gave that host:port: tests
// use made-up or real Salesforce host names for stubs (a sandbox's own My Domain host on 443), so nothing leaves
// the machine, and the code under test sends exactly what it would send to Salesforce.
import net from 'node:net';

export class ConnectProxy {
  constructor() {
    /** @type {string[]} the host:port of every CONNECT */
    this.tunnels = [];
    /** @type {Map<string, {host: string, port: number}>} "host:port" asked for → the loopback address served */
    this.routes = new Map();
    this.sockets = new Set();
    this.url = '';
  }

  async start() {
    this.server = net.createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.once('data', (head) => {
        const match = /^CONNECT ([^\s:]+|\[[^\]]+\]):(\d+) HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'));
        if (!match) {
          client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
          return;
        }
        this.tunnels.push(`${match[1]}:${match[2]}`);
        const to = this.routes.get(`${match[1].toLowerCase()}:${match[2]}`) ?? {
          host: '127.0.0.1',
          port: Number(match[2])
        };
        const upstream = net.connect(to.port, to.host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(client);
          client.pipe(upstream);
        });
        this.sockets.add(upstream);
        upstream.on('close', () => this.sockets.delete(upstream));
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
    });
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${/** @type {net.AddressInfo} */ (this.server.address()).port}`;
    return this.url;
  }

  /**
   * Serves CONNECTs to `hostPort` ("acme--uat.sandbox.my.salesforce.com:443") from a stub's base URL on loopback.
   * @param {string} hostPort @param {string} stubUrl
   */
  route(hostPort, stubUrl) {
    const url = new URL(stubUrl);
    if (!/^127\./.test(url.hostname)) throw new Error(`route: ${stubUrl} is not on loopback`);
    this.routes.set(hostPort.toLowerCase(), { host: url.hostname, port: Number(url.port) });
  }

  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }
}
