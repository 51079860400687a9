import tls from 'node:tls';
import https from 'node:https';
import { makeTestCertificates } from './test/probe/test-certs.js';
const certs = makeTestCertificates();
const server = https.createServer({ cert: certs.otherHost.cert, key: certs.otherHost.key });
await new Promise(r => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const mode = process.argv[2];
const s = tls.connect({ host: 'doppler.sys.example.com', port, servername: 'doppler.sys.example.com', ca: certs.caPem, rejectUnauthorized: false,
  ...(mode === 'custom' ? { checkServerIdentity: (h, c) => { tls.checkServerIdentity(h, c); return undefined; } } : {}) });
s.on('secureConnect', () => { console.log('authorized', s.authorized, s.authorizationError); s.destroy(); server.close(); certs.remove(); });
s.on('error', e => console.log('err', e.message));
