import { probeEndpoint } from './src/probe/client.js';
import { endpointFromUrl } from './src/probe/endpoint.js';
import { startWsServer, closeAllServers } from './test/probe/local-servers.js';
import { makeTestCertificates } from './test/probe/test-certs.js';
const certs = makeTestCertificates();
const other = await startWsServer({ tls: { cert: certs.otherHost.cert, key: certs.otherHost.key } });
const r = await probeEndpoint(endpointFromUrl(`wss://doppler.sys.example.com:${other.port}/`), { timeoutSeconds: 2, connect: { host: '127.0.0.1' }, ca: certs.caPem });
console.log(JSON.stringify(r.steps.at(-1)));
await closeAllServers(); certs.remove();
