// Response compression: Brotli or gzip, as the client's Accept-Encoding prefers, for text answers
// of 1 KB or more. A page of 20 groups is about 33 KB of JSON and 4 KB compressed: what an
// embedding site's visitors on a phone download.
//
// Why not @fastify/compress: it compresses every response again, and the result cache hands out
// the same serialized Buffer on every hit. Here a cached answer is compressed once per encoding
// (remembered by the Buffer's identity, like its ETag hash in http-cache.ts), so a hot answer
// costs no compression at all after its first request.
//
// Registered before http-cache: its onSend hook then tags the bytes actually sent, so each
// encoding has its own strong ETag, and a group's `"<version>.<hash>"` still carries its version
// for If-Match.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

type Encoding = 'br' | 'gzip';

/** Smaller answers are sent as they are: compression would save less than it costs. */
export const COMPRESS_FROM_BYTES = 1024;

// Answers below this are compressed on the event loop (a page of groups takes a fraction of a
// millisecond); handing them to the thread pool cost four times the compression itself (measured:
// 0.25 ms of CPU against 0.06 ms for 2 KB). Larger ones (HSDS pages, feeds) go to the pool.
const SYNC_BELOW_BYTES = 64 * 1024;

// Brotli at quality 5 compresses about as fast as gzip's default level and smaller; the default
// (11) is meant for static files and takes tens of milliseconds for one page of groups. Measured on
// the bench's answers (S8's page of 33 KB, S6's group of 1.3 KB): quality 4 gave 6,456 and 683
// bytes in 0.94 and 0.11 ms, quality 5 6,120 and 627 bytes in 1.10 and 0.12 ms, 6 and up no
// smaller until 10 (19 ms for the page). Fewer bytes is what a hit costs least to save.
const brotliOptions = (body: Buffer): zlib.BrotliOptions => ({
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
  },
});
const COMPRESS: Record<Encoding, (body: Buffer) => Buffer | Promise<Buffer>> = {
  br: (body) =>
    body.length < SYNC_BELOW_BYTES
      ? zlib.brotliCompressSync(body, brotliOptions(body))
      : brotli(body, brotliOptions(body)),
  gzip: (body) => (body.length < SYNC_BELOW_BYTES ? zlib.gzipSync(body) : gzip(body)),
};

// Preference order when the client weighs them equally. No cache: Accept-Encoding is the
// client's to choose, and a cache keyed on it would grow with every variant sent.
const negotiator = new Negotiator<Encoding | 'identity'>({ supportedValues: ['br', 'gzip', 'identity'] });

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|[\w.-]+\+json|[\w.-]+\+xml))/i;

// Compressed forms of the Buffers the result cache hands out, by identity.
const compressed = new WeakMap<Buffer, Partial<Record<Encoding, Buffer>>>();

/** The compressed body: at once when it is remembered or small, from the thread pool when large. */
function compress(body: Buffer, encoding: Encoding, remember: boolean): Buffer | Promise<Buffer> {
  const known = remember ? compressed.get(body) : undefined;
  const hit = known?.[encoding];
  if (hit) return hit;
  const out = COMPRESS[encoding](body);
  if (!remember) return out;
  return Buffer.isBuffer(out) ? keep(body, encoding, out) : out.then((o) => keep(body, encoding, o));
}

function keep(body: Buffer, encoding: Encoding, out: Buffer): Buffer {
  // zlib hands back a view into its 16 KB output buffer: kept as is, a 700-byte group would hold
  // on to all 16 KB (5,000 cached groups: 80 MB). Kept answers get a copy of their own size.
  const own = Buffer.allocUnsafeSlow(out.length);
  out.copy(own);
  compressed.set(body, { ...compressed.get(body), [encoding]: own });
  return own;
}

export default fp(
  async function compression(app: FastifyInstance) {
    // Done-style: a remembered or small answer is compressed without a promise (see the NUL hook
    // in app.ts); only a large one waits for the thread pool.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (!(typeof payload === 'string' || Buffer.isBuffer(payload))) return done(null, payload);
      if (reply.hasHeader('content-encoding')) return done(null, payload);
      if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return done(null, payload);
      const length = Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(payload);
      if (length < COMPRESS_FROM_BYTES) return done(null, payload);
      // The answer depends on Accept-Encoding from here on, whether compressed this time or not.
      const vary = String(reply.getHeader('vary') ?? '');
      if (!/\baccept-encoding\b/i.test(vary))
        reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
      const encoding = negotiator.negotiate(request.headers['accept-encoding'] ?? '');
      if (encoding === null || encoding === 'identity') return done(null, payload);
      const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
      const send = (out: Buffer) => {
        reply.header('content-encoding', encoding);
        reply.removeHeader('content-length');
        done(null, out);
      };
      const out = compress(body, encoding, Buffer.isBuffer(payload));
      if (Buffer.isBuffer(out)) send(out);
      else out.then(send, done);
    });
  },
  { name: 'compression', fastify: '5.x' },
);
