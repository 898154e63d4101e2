// SES v2 on aws-ses-v2-local, started by the project; its web inbox shows every email sent.
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

// A CommonJS module: under ESM its default export is the whole exports object.
const sesServer = sesModule.default;

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

export async function startSesEmulator(port: number) {
  const host = '127.0.0.1';
  // The emulator does not report a busy port; it would crash the process instead.
  if (port !== 0 && !(await portIsFree(port, host))) {
    throw new Error(`port ${port} for the SES emulator is in use: set SES_PORT, or AWS_ENDPOINT_URL_SESV2 to use a running one`);
  }
  const server: Server = await sesServer({ host, port });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
