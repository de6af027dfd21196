import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { hashPassword, randomSalt, sha512Crypt } from '../../../core/builder/crypt';

// Test vectors from Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" specification.
const vectors: [string, string, number | undefined, string][] = [
  ['saltstring', 'Hello world!', undefined,
    '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1'],
  ['saltstringsaltstring', 'Hello world!', 10000,
    '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.'],
  ['toolongsaltstring', 'This is just a test', 5000,
    '$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0'],
  ['kJDHu1Fq8vN7xTeK', 'a very much longer text to encrypt.  This one even stretches over morethan one line.', 1400,
    '$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1'],
  ['roundstoolow', 'the minimum number is still observed', 10,
    '$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.'],
];
// The fourth vector's salt is "anotherlongsaltstring" (cut to 16).
vectors[3][0] = 'anotherlongsaltstring';

for (const [salt, pw, rounds, want] of vectors) {
  test(`sha512Crypt matches the spec vector ${want.slice(0, 24)}…`, () => {
    assert.equal(sha512Crypt(pw, salt, rounds), want);
  });
}

test('sha512Crypt matches `openssl passwd -6` (password via stdin, never argv)', () => {
  for (const [pw, salt] of [['changeme', 'abcdefgh'], ['pässwörd with spaces', 'X1y2Z3./'], ['x', randomSalt()]]) {
    const out = execFileSync('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: pw + '\n' }).toString().trim();
    assert.equal(sha512Crypt(pw, salt), out);
  }
});

test('random salts are 16 crypt characters and differ', () => {
  const a = randomSalt();
  assert.match(a, /^[./0-9A-Za-z]{16}$/);
  assert.notEqual(a, randomSalt());
});

test('hashPassword hashes plaintext and keeps existing crypt hashes', () => {
  const h = hashPassword('changeme');
  assert.match(h, /^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
  assert.ok(!h.includes('changeme'));
  const pre = '$6$rounds=4096$1VjdHWc6vFCglSh9$3HcKRPO8i2ias09AJ9y6FhQu4V/es/evh6/GJtTtduV.K6AExr.eQb/Ava8v0fZhHKTtoFniEGR2nKO.fCear1';
  assert.equal(hashPassword(pre), pre);
});
