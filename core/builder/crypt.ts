// SHA-512 crypt ("$6$"), as specified by Ulrich Drepper ("Unix crypt using SHA-256 and SHA-512") and
// implemented by glibc: what /etc/shadow expects. The plaintext only ever lives in memory here.
import { createHash, randomBytes } from 'node:crypto';

const itoa64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ROUNDS_DEFAULT = 5000;
const ROUNDS_MIN = 1000;
const ROUNDS_MAX = 999_999_999;
const SALT_MAX = 16;

/** Byte triples of the final digest, in the order the spec encodes them. */
const order: [number, number, number][] = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
];

function sha512(...parts: Buffer[]): Buffer {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** `len` bytes made by repeating `block` (the spec's P and S sequences). */
function repeatTo(block: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i += block.length) block.copy(out, i, 0, Math.min(block.length, len - i));
  return out;
}

export function randomSalt(length = SALT_MAX): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => itoa64[b & 63]).join('');
}

/**
 * Hash `password` with SHA-512 crypt. `rounds` undefined = the default 5000, written without a `rounds=` field
 * (as glibc does); an explicit value is clamped to 1000..999999999 and written out.
 */
export function sha512Crypt(password: string, salt: string = randomSalt(), rounds?: number): string {
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt.slice(0, SALT_MAX), 'utf8');
  const n = rounds === undefined ? ROUNDS_DEFAULT : Math.min(ROUNDS_MAX, Math.max(ROUNDS_MIN, Math.floor(rounds)));

  const B = sha512(P, S, P);
  const aParts: Buffer[] = [P, S];
  for (let left = P.length; left > 0; left -= 64) aParts.push(B.subarray(0, Math.min(64, left)));
  for (let bits = P.length; bits > 0; bits >>= 1) aParts.push(bits & 1 ? B : P);
  const A = sha512(...aParts);

  const DP = sha512(...Array<Buffer>(P.length).fill(P));
  const Pseq = repeatTo(DP, P.length);
  const DS = sha512(...Array<Buffer>(16 + A[0]).fill(S));
  const Sseq = repeatTo(DS, S.length);

  let C = A;
  for (let i = 0; i < n; i++) {
    const h = createHash('sha512');
    h.update(i & 1 ? Pseq : C);
    if (i % 3 !== 0) h.update(Sseq);
    if (i % 7 !== 0) h.update(Pseq);
    h.update(i & 1 ? C : Pseq);
    C = h.digest();
  }

  let out = '';
  const encode = (b2: number, b1: number, b0: number, chars: number) => {
    let w = (b2 << 16) | (b1 << 8) | b0;
    for (let i = 0; i < chars; i++) { out += itoa64[w & 63]; w >>= 6; }
  };
  for (const [x, y, z] of order) encode(C[x], C[y], C[z], 4);
  encode(0, 0, C[63], 2);

  const roundsField = rounds === undefined ? '' : `rounds=${n}$`;
  return `$6$${roundsField}${S.toString('utf8')}$${out}`;
}

/** Starts like a crypt hash (`$6$…`, `$y$…`): such a config password is meant as a hash, never as plaintext. */
export const cryptPrefix = /^\$(1|5|6|y|2[abxy]|7|gy)\$/;
/** A whole crypt hash: the prefix, then only crypt's alphabet and `$` (plus `rounds=N$`): no `:` or newline. */
const cryptHash = /^\$(1|5|6|y|2[abxy]|7|gy)\$(rounds=\d{1,9}\$)?[./0-9A-Za-z$]+$/;

export function isCryptHash(password: string): boolean {
  return cryptHash.test(password);
}

/** A password from the config: kept when already a crypt hash, else hashed. */
export function hashPassword(password: string): string {
  if (cryptPrefix.test(password)) {
    // validate.ts refuses such passwords; a hash that could break /etc/shadow must never reach it.
    if (!isCryptHash(password)) throw new Error('hashPassword: malformed crypt hash');
    return password;
  }
  return sha512Crypt(password);
}
