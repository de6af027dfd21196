// An SSH public key line is "<type> <base64 blob> [comment]", and the blob itself starts with the same type
// name (a uint32 length + the string). Checking both catches pasted private keys, truncated keys and typos.
const keyTypes = new Set([
  'ssh-rsa', 'ssh-ed25519', 'ssh-dss',
  'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/** Why `line` is not an SSH public key, or undefined when it is one. */
export function sshKeyProblem(line: string): string | undefined {
  const parts = line.trim().split(/\s+/);
  if (parts.length < 2) return 'not an SSH public key (expected "<type> <base64> [comment]")';
  const [type, blob] = parts;
  if (!keyTypes.has(type)) return `not an SSH public key (unknown key type "${type.slice(0, 40)}")`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return 'not an SSH public key (the key data is not base64)';
  const raw = Buffer.from(blob, 'base64');
  if (raw.length < 4) return 'not an SSH public key (the key data is too short)';
  const len = raw.readUInt32BE(0);
  if (raw.subarray(4, 4 + len).toString('latin1') !== type) {
    return `not an SSH public key (the key data does not match its type "${type}")`;
  }
  return undefined;
}
