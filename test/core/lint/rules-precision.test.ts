// The classes of false positives and negatives issue 17 found on real-world bootc Containerfiles: for each, a
// Containerfile where the rule must fire and one where it must not (the shape the real files had).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintContainerfile } from '../../../core/lint/index';
import { expandBraces } from '../../../core/lint/shell';

const B = 'FROM quay.io/fedora/fedora-bootc:42@sha256:0123456789abcdef\n';

interface Class {
  name: string;
  rule: string;
  fires: string;
  /** Text the finding must underline, or a fragment of its message. */
  expect?: string | RegExp;
  quiet: string;
  /** Generic findings too (the dockerfile-utils classes). */
  generic?: boolean;
}

const classes: Class[] = [
  {
    name: 'ignored-instruction: USER resetting a builder stage', rule: 'ignored-instruction',
    fires: B + 'USER app\n', expect: 'USER',
    quiet: 'FROM quay.io/fedora/fedora-bootc:42 AS builder\nUSER builder\nRUN make\nFROM builder\nUSER root\nRUN make install\n',
  },
  {
    name: 'ignored-instruction: ENV used by a later RUN', rule: 'ignored-instruction',
    fires: B + 'ENV DRIVER_VERSION=550\nRUN echo done\n', expect: /no later build step uses it/,
    quiet: B + 'ENV DRIVER_VERSION=550\nRUN dnf -y install nvidia-driver-${DRIVER_VERSION} && dnf clean all\n',
  },
  {
    name: 'ignored-instruction: STOPSIGNAL SIGRTMIN+3 and ENV container=oci are base metadata', rule: 'ignored-instruction',
    fires: B + 'STOPSIGNAL SIGTERM\n', expect: 'STOPSIGNAL',
    quiet: 'FROM scratch\nCOPY --from=builder /rootfs/ /\nLABEL containers.bootc 1\nENV container=oci\nSTOPSIGNAL SIGRTMIN+3\nCMD ["/sbin/init"]\n',
  },
  {
    name: 'ignored-instruction: VOLUME commented for podman run', rule: 'ignored-instruction',
    fires: B + 'VOLUME /var/lib/containers\n', expect: 'VOLUME',
    quiet: B + '# Added for running as an OCI Container to prevent Overlay on Overlay issues.\nVOLUME /var/lib/containers\n',
  },
  {
    name: 'pkg-cache: brace expansion in rm', rule: 'pkg-cache',
    fires: B + 'RUN dnf -y install cloud-init && rm -rf /var/{log,tmp}\n', expect: 'dnf -y install',
    quiet: B + 'RUN dnf -y install cloud-init && \\\n    rm -rf /var/{cache,log} /var/lib/{dnf,rhsm}\n',
  },
  {
    name: 'unpinned-base: localhost images', rule: 'unpinned-base',
    fires: 'FROM quay.io/centos-bootc/centos-bootc:stream10\n', expect: 'quay.io/centos-bootc/centos-bootc:stream10',
    quiet: 'FROM localhost/rhel98-bootc-source:latest\nRUN bootc container lint\n',
  },
  {
    name: 'not-bootc-base: only bases known not to be bootc', rule: 'not-bootc-base',
    fires: 'FROM quay.io/fedora/fedora:43\nRUN bootc container lint\n', expect: 'fedora/fedora',
    quiet: 'FROM quay.io/fedora-ostree-desktops/kinoite:42\nRUN bootc container lint\n',
  },
  {
    name: 'useradd: a sysusers.d drop-in for the same user', rule: 'useradd',
    fires: B + 'RUN useradd -r -s /sbin/nologin myapp\n', expect: 'useradd -r -s /sbin/nologin myapp',
    quiet: B + "RUN echo 'u myapp - \"My app\" /var/lib/myapp' > /usr/lib/sysusers.d/myapp.conf\nRUN useradd -r -s /sbin/nologin myapp\n",
  },
  {
    name: 'useradd: a copied sysusers.d file named after the user', rule: 'useradd',
    fires: B + 'COPY other.conf /usr/lib/sysusers.d/other.conf\nRUN groupadd -r hass\n', expect: 'groupadd -r hass',
    quiet: B + 'COPY hass.conf /usr/lib/sysusers.d/hass.conf\nRUN groupadd -r hass\n',
  },
  {
    name: 'toolchain-in-final: the same RUN removes the compiler', rule: 'toolchain-in-final',
    fires: B + 'RUN dnf -y install gcc && make && dnf clean all\n', expect: 'gcc',
    quiet: B + 'RUN dnf -y install gcc make && make -C /src && dnf -y remove gcc make && dnf clean all\n',
  },
  {
    name: 'nested-image-pull: global options before pull', rule: 'nested-image-pull',
    fires: B + 'RUN podman --log-level debug --storage-opt overlay.mountopt=nodev pull quay.io/app/app:1\n', expect: /build's container storage/,
    quiet: B + 'RUN podman --log-level debug images\n',
  },
  {
    name: 'nested-image-pull: a pull inside $(…)', rule: 'nested-image-pull',
    fires: B + 'RUN IID=$(sudo podman pull quay.io/app/app:1) && podman tag $IID app\n', expect: 'podman pull',
    quiet: B + 'RUN V=$(podman --version) && echo $V\n',
  },
  {
    name: 'physically bound images: --root /usr/lib/containers/storage is not nested-image-pull', rule: 'physically-bound-image',
    fires: B + 'RUN IID=$(podman --root /usr/lib/containers/storage pull quay.io/app/app:1)\n', expect: /physically bound images/,
    quiet: B + 'RUN podman --root /var/lib/containers/storage pull quay.io/app/app:1\n',
  },
  {
    name: 'literal-password: mkpasswd of a literal, then useradd -p', rule: 'literal-password',
    fires: B + 'RUN pass=$(mkpasswd --method=SHA-512 --rounds=4096 redhat) && useradd -m -G wheel bootc-user -p $pass\n', expect: 'redhat',
    quiet: B + 'RUN --mount=type=secret,id=pw pass=$(mkpasswd --method=SHA-512 --stdin < /run/secrets/pw) && useradd -m bootc-user -p "$pass"\n',
  },
  {
    name: 'literal-password: openssl passwd of a literal', rule: 'literal-password',
    fires: B + 'RUN usermod -p "$(openssl passwd -6 hunter2)" root\n', expect: 'hunter2',
    quiet: B + 'RUN usermod -p "$(openssl passwd -6 -stdin < /run/secrets/pw)" root\n',
  },
  {
    name: 'FROM ${ARG} with a ${X:-default} default resolves to its stage', rule: 'pkg-cache',
    fires: 'ARG NVIDIA_BASE="${NVIDIA_BASE:-bazzite}"\nFROM quay.io/fedora/fedora-bootc:42 AS bazzite\nRUN dnf -y install vim\nFROM ${NVIDIA_BASE} AS bazzite-nvidia\nRUN bootc container lint\n', expect: 'dnf -y install',
    quiet: 'ARG NVIDIA_BASE="${NVIDIA_BASE:-bazzite}"\nFROM quay.io/fedora/fedora-bootc:42 AS bazzite\nRUN dnf -y install vim && dnf clean all\nFROM ${NVIDIA_BASE} AS bazzite-nvidia\nRUN bootc container lint\n',
  },
  {
    name: "heredoc written `RUN … << 'EOF'` is read as the RUN's data", rule: 'var-content',
    fires: B + "RUN cat > /var/lib/app/app.conf << 'EOF'\nkey = value\nEOF\n", expect: '/var/lib/app/app.conf',
    quiet: B + "RUN cat > /etc/logrotate.d/app << 'EOF'\n/var/log/app/*.log {\n    daily\n}\nEOF\n",
  },
  {
    name: 'echo > /etc/hostname in a RUN is lost', rule: 'buildah-injected',
    fires: B + 'RUN echo edge-01 > /etc/hostname\n', expect: '/etc/hostname',
    quiet: B + 'COPY hostname /etc/hostname\n',
  },
  {
    name: 'flatpak remote-add writes /var/lib/flatpak', rule: 'var-content',
    fires: B + 'RUN flatpak remote-add --if-not-exists flathub https://dl.flathub.org/repo/flathub.flatpakrepo\n', expect: 'flatpak remote-add',
    quiet: B + 'RUN flatpak remote-add --user flathub https://dl.flathub.org/repo/flathub.flatpakrepo\n',
  },
  {
    name: "generic: the body of a `<< 'EOF'` heredoc is not instructions", rule: '38', generic: true,
    fires: B + 'RUN echo hi\nBOGUS thing\n', expect: /Unknown instruction/,
    quiet: B + "RUN cat > /usr/local/bin/check.sh << 'EOF'\nset -e\nif true; then\n  echo ok\nfi\nEOF\n",
  },
  {
    name: 'generic: COPY --from=${ARG} is not error 47', rule: '47', generic: true,
    fires: B + 'COPY --from=:tag /a /b\n', expect: /invalid from flag/,
    quiet: 'ARG BREW_IMAGE=ghcr.io/ublue-os/brew:latest\n' + B + 'COPY --from=${BREW_IMAGE} /system_files/ /tmp/brew_files/\n',
  },
];

function textOf(src: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = src.split('\n');
  return r.start.line === r.end.line ? lines[r.start.line].slice(r.start.character, r.end.character) : '';
}

for (const c of classes) {
  test(`${c.name}: fires`, () => {
    const found = lintContainerfile(c.fires, { generic: !!c.generic }).filter((f) => f.ruleId === c.rule);
    assert.ok(found.length > 0, `${c.rule} should fire on:\n${c.fires}`);
    if (typeof c.expect === 'string') assert.equal(textOf(c.fires, found[0].range), c.expect);
    else if (c.expect) assert.match(found[0].message, c.expect);
  });
  test(`${c.name}: stays quiet`, () => {
    const found = lintContainerfile(c.quiet, { generic: !!c.generic }).filter((f) => f.ruleId === c.rule);
    assert.deepEqual(found.map((f) => `${f.range.start.line + 1}: ${f.message}`), [], `${c.rule} should not fire on:\n${c.quiet}`);
  });
}

test('generic: multi-source COPY without trailing / is info, not an error (podman builds it)', () => {
  const text = B + 'COPY a.kube a.yaml /usr/share/containers/systemd\n';
  const found = lintContainerfile(text).filter((f) => f.ruleId === '23');
  assert.deepEqual(found.map((f) => f.severity), ['info']);
  assert.match(found[0].message, /podman\/buildah/);
});

test("a `<< 'EOF'` heredoc keeps the instructions after it (USER after the body is still seen)", () => {
  const text = B + "RUN cat > /etc/app.conf << 'EOF'\nUSER nobody\nEOF\nUSER app\n";
  const found = lintContainerfile(text, { generic: false }).filter((f) => f.ruleId === 'ignored-instruction');
  assert.deepEqual(found.map((f) => f.range.start.line), [4]);
});

test('nested-image-pull: `podman image pull` and `podman image load` are pulls too', () => {
  for (const text of [B + 'RUN podman image pull quay.io/a:1\n', B + 'RUN podman --root /var/lib/containers/storage image load -i /tmp/a.tar\n']) {
    assert.equal(lintContainerfile(text, { generic: false }).filter((f) => f.ruleId === 'nested-image-pull').length, 1, text);
  }
  assert.equal(lintContainerfile(B + 'RUN podman image ls\n', { generic: false }).filter((f) => f.ruleId === 'nested-image-pull').length, 0);
});

test('nested-image-pull names the store it writes to', () => {
  const found = lintContainerfile(B + 'RUN podman --root /var/lib/containers/storage pull quay.io/a:1\n', { generic: false }).filter((f) => f.ruleId === 'nested-image-pull');
  assert.match(found[0].message, /container storage at \/var\/lib\/containers\/storage/);
});

test('brace expansion', () => {
  assert.deepEqual(expandBraces('/var/{cache,log}'), ['/var/cache', '/var/log']);
  assert.deepEqual(expandBraces('/var/lib/{dnf,rhsm}/x{1,2}'), ['/var/lib/dnf/x1', '/var/lib/dnf/x2', '/var/lib/rhsm/x1', '/var/lib/rhsm/x2']);
  assert.deepEqual(expandBraces('${VAR}/a'), ['${VAR}/a']);
  assert.deepEqual(expandBraces('/a/{b}'), ['/a/{b}']);
  assert.deepEqual(expandBraces('/a/{b,{c,d}}'), ['/a/b', '/a/c', '/a/d']);
});

test('ignored-instruction survives ENV names that are not shell names (fuzzing found a regex crash)', () => {
  for (const text of [B + 'ENV ["a",( 1\nRUN echo\n', B + 'ENV a.b=1 c(=2\nRUN echo $c\n']) {
    const crashed = lintContainerfile(text).filter((f) => f.message.startsWith('internal error'));
    assert.deepEqual(crashed.map((f) => f.message), []);
  }
});
