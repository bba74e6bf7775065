// A small HTTP CONNECT proxy on 127.0.0.1 that counts what passes through it. Whatever host a client asks for, it
// connects to 127.0.0.1 on the same port: tests use a made-up host name for the stub, so nothing leaves the machine.
import net from 'node:net';

export class ConnectProxy {
  constructor() {
    /** @type {string[]} the host:port of every CONNECT */
    this.tunnels = [];
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
        const upstream = net.connect(Number(match[2]), '127.0.0.1', () => {
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

  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }
}
