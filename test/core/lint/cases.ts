// Firing and not-firing Containerfiles for every rule. `fires` cases give the text the first finding must underline.
// Shared by rules.test.ts (firing/quiet) and fixes.test.ts.
export const BASE = 'FROM quay.io/fedora/fedora-bootc:42@sha256:0123456789abcdef\n';
const B = BASE;
const LINT = 'RUN bootc container lint\n';

export interface RuleCases {
  fires: [text: string, underlined: string][];
  quiet: string[];
}

export const cases: Record<string, RuleCases> = {
  'lint-missing': {
    fires: [
      [B + 'RUN dnf -y install vim && dnf clean all\n', 'FROM'],
      ['FROM quay.io/centos-bootc/centos-bootc:stream10 AS base\nRUN bootc container lint\nFROM base\nRUN echo hi\n', 'FROM'],
      [B + 'RUN ostree container commit\n', 'FROM'],
    ],
    quiet: [
      B + 'RUN dnf -y install vim && dnf clean all\n' + LINT,
      B + 'RUN ["bootc", "container", "lint"]\n',
      'FROM registry.fedoraproject.org/fedora:42\nRUN echo not a bootc image\n',
    ],
  },
  'ostree-commit-obsolete': {
    fires: [
      [B + 'RUN dnf -y install vim && \\\n    dnf clean all && \\\n    ostree container commit\n', 'ostree container commit'],
      [B + 'RUN <<EOF\nset -e\nostree container commit\nEOF\n', 'ostree container commit'],
    ],
    quiet: [B + LINT, 'FROM quay.io/fedora/fedora:42 AS build\nRUN ostree container commit\n' + B + LINT, B + 'RUN ostree container image pull x\n'],
  },
  'pkg-upgrade': {
    fires: [
      [B + 'RUN dnf -y upgrade && dnf clean all\n', 'dnf -y upgrade'],
      [B + 'RUN apt-get update && apt-get -y dist-upgrade\n', 'apt-get -y dist-upgrade'],
      [B + 'RUN yum update -y\n', 'yum update'],
    ],
    quiet: [
      B + 'RUN dnf -y upgrade openssl && dnf clean all\n',
      B + 'RUN apt-get update && apt-get install -y vim && rm -rf /var/lib/apt/lists/*\n',
      'FROM quay.io/fedora/fedora:42 AS build\nRUN dnf -y upgrade\n' + B,
    ],
  },
  'pkg-cache': {
    fires: [
      [B + 'RUN dnf -y install httpd\n', 'dnf -y install'],
      [B + 'RUN dnf -y install httpd\nRUN dnf clean all\n', 'dnf -y install'],
      [B + 'RUN apt-get update && apt-get install -y nginx\n', 'apt-get install'],
      [B + 'RUN microdnf install -y vim\n', 'microdnf install'],
    ],
    quiet: [
      B + 'RUN dnf -y install httpd && dnf clean all\n',
      B + 'RUN dnf -y install httpd \\\n  && rm -rf /var/cache/dnf /var/cache/libdnf5\n',
      B + 'RUN --mount=type=cache,target=/var/cache/libdnf5 dnf -y install httpd\n',
      B + 'RUN --mount=type=cache,dst=/var/cache dnf -y install httpd\n',
      B + 'RUN apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/*\n',
      B + 'RUN <<EOF\ndnf -y install httpd\ndnf clean all\nEOF\n',
      B + 'RUN dnf -y install httpd && rm -rf /var/*\n',
      'FROM quay.io/fedora/fedora:42 AS build\nRUN dnf -y install gcc\n' + B,
    ],
  },
  'var-content': {
    fires: [
      [B + 'COPY app.conf /var/lib/app/\n', '/var/lib/app/'],
      [B + 'RUN mkdir -p /var/lib/app\n', '/var/lib/app'],
      [B + 'ARG DATA=/var/lib/data\nRUN mkdir -p $DATA\n', '$DATA'],
      [B + 'RUN echo hi > /var/log/app.log\n', '/var/log/app.log'],
      [B + 'WORKDIR /var/lib\nCOPY --chown=1000:1000 x app/\n', 'app/'],
      [B + 'ADD https://example.com/x.tar /var/opt/\n', '/var/opt/'],
      [B + 'COPY --from=build /out /var/lib/app/\n', '/var/lib/app/'],
    ],
    quiet: [
      B + 'RUN mkdir -p /var/tmp/build && echo x > /var/tmp/build/y\n',
      B + 'RUN mkdir -p /var/lib/x && make -C /var/lib/x && rm -rf /var/lib/x\n',
      B + 'COPY x.rpm /var/tmp/\n',
      B + 'RUN --mount=type=cache,target=/var/cache/app mkdir -p /var/cache/app/x\n',
      'FROM quay.io/fedora/fedora:42 AS build\nRUN mkdir -p /var/lib/app\n' + B + 'COPY --from=build /var/lib/app /usr/share/app\n',
      B + '# COPY app.conf /var/lib/app/\nRUN echo "/var/lib/app"\n',
      B + 'COPY x /var/lib/x\nRUN rpm -i /var/lib/x && rm -f /var/lib/x\n',
      B + 'RUN mkdir -p /var/roothome\n',
    ],
  },
  'usr-etc': {
    fires: [
      [B + 'COPY sshd_config /usr/etc/ssh/\n', '/usr/etc/ssh/'],
      [B + 'RUN echo x > /usr/etc/motd\n', '/usr/etc/motd'],
    ],
    quiet: [B + 'COPY sshd_config /etc/ssh/\n', B + 'RUN cat /usr/etc/motd\n'],
  },
  'boot-content': {
    fires: [
      [B + 'COPY grub.cfg /boot/grub2/\n', '/boot/grub2/'],
      [B + 'RUN cp vmlinuz /boot/vmlinuz\n', '/boot/vmlinuz'],
    ],
    quiet: [
      B + 'RUN cp vmlinuz /usr/lib/modules/6.1/vmlinuz\n',
      B + 'RUN --mount=type=tmpfs,target=/boot touch /boot/x\n',
      B + 'RUN mkdir -p /boot/EFI/Linux\n',
      B + 'COPY --from=sealer /out/boot /boot\n',
    ],
  },
  'run-tmp-content': {
    fires: [
      [B + 'COPY build.sh /tmp/\n', '/tmp/'],
      [B + 'RUN curl -o /tmp/x.rpm https://example.com/x.rpm && dnf -y install /tmp/x.rpm && dnf clean all\n', '/tmp/x.rpm'],
      [B + 'RUN mkdir -p /run/app\n', '/run/app'],
    ],
    quiet: [
      B + 'RUN --mount=type=tmpfs,target=/tmp curl -o /tmp/x.rpm https://example.com/x.rpm\n',
      B + 'RUN curl -o /tmp/x.rpm https://example.com/x.rpm && rpm -i /tmp/x.rpm && rm -f /tmp/x.rpm\n',
      B + 'COPY build.sh /tmp/build.sh\nRUN /tmp/build.sh && rm -rf /tmp/*\n',
      B + 'RUN --mount=type=bind,source=files,target=/run/files cp /run/files/app /usr/bin/\n',
    ],
  },
  'var-run-dir': {
    fires: [
      [B + 'RUN mkdir -p /var/run\n', '/var/run'],
      [B + 'RUN rm -rf /var/run && mkdir /var/run\n', '/var/run'],
      [B + 'RUN mkdir -p /var/run/ /opt/x\n', '/var/run/'],
    ],
    quiet: [B + 'RUN mkdir -p /run/app\n', B + 'RUN mkdir -p /var/run/app 2>/dev/null || true\n', B + 'RUN ls /var/run\n'],
  },
  useradd: {
    fires: [
      [B + 'RUN useradd -r -u 990 -s /sbin/nologin app\n', 'useradd -r -u 990 -s /sbin/nologin app'],
      [B + 'RUN groupadd -g 990 app && dnf clean all\n', 'groupadd -g 990 app'],
      [B + 'RUN ["useradd", "app"]\n', '"useradd", "app"'],
    ],
    quiet: [
      B + 'RUN echo "u app - - -" > /usr/lib/sysusers.d/app.conf\n',
      'FROM quay.io/fedora/fedora:42 AS build\nRUN useradd builder\n' + B,
      B + '# bootable-ignore useradd\nRUN useradd app\n',
    ],
  },
  'literal-password': {
    fires: [
      [B + 'RUN echo "root:hunter2" | chpasswd\n', '"root:hunter2"'],
      [B + 'RUN useradd -p plaintext bob\n', 'plaintext'],
      [B + 'RUN echo hunter2 | passwd --stdin root\n', 'hunter2'],
      [B + 'RUN chpasswd <<EOF\nroot:hunter2\nEOF\n', 'chpasswd'],
    ],
    quiet: [
      B + 'ARG PASS\nRUN echo "root:$PASS" | chpasswd\n',
      B + 'RUN echo "root:$6$salt$hash" | chpasswd -e\n',
      B + 'RUN --mount=type=secret,id=pw chpasswd < /run/secrets/pw\n',
      B + 'RUN usermod -p \'!\' root\n',
    ],
  },
  'authorized-keys': {
    fires: [
      [B + 'COPY id.pub /root/.ssh/authorized_keys\n', '/root/.ssh/authorized_keys'],
      [B + 'RUN mkdir -p /var/home/core/.ssh && echo ssh-ed25519 AAA > /var/home/core/.ssh/authorized_keys\n', '/var/home/core/.ssh/authorized_keys'],
    ],
    quiet: [B + 'COPY keys /usr/share/ssh/authorized_keys.d/\n', B + 'COPY sshd.conf /etc/ssh/sshd_config.d/50-keys.conf\n'],
  },
  'ignored-instruction': {
    fires: [
      [B + 'ENV FOO=bar\n', 'ENV'],
      [B + 'USER app\n', 'USER'],
      [B + 'VOLUME /data\n', 'VOLUME'],
    ],
    // EXPOSE: bootable forwards those ports (Run as Container, VMs), so it does something.
    quiet: [B + 'LABEL containers.bootc=1\n', 'FROM quay.io/fedora/fedora:42 AS build\nENV GOPATH=/go\nEXPOSE 80\n' + B, B + 'ARG FOO=bar\n', B + 'EXPOSE 80\n'],
  },
  'cmd-not-init': {
    fires: [[B + 'CMD ["/usr/bin/bash"]\n', '["/usr/bin/bash"]'], [B + 'CMD httpd -DFOREGROUND\n', 'httpd -DFOREGROUND']],
    quiet: [B + 'CMD ["/sbin/init"]\n', B + 'CMD /sbin/init\n', 'FROM quay.io/fedora/fedora:42 AS build\nCMD ["bash"]\n' + B],
  },
  'nested-image-pull': {
    fires: [
      [B + 'RUN podman pull quay.io/app/app:1\n', 'podman pull'],
      [B + 'RUN skopeo copy docker://quay.io/app/app:1 containers-storage:quay.io/app/app:1\n', 'skopeo copy'],
    ],
    quiet: [B + 'RUN skopeo copy docker://quay.io/a:1 oci:/usr/share/images/a\n', B + 'RUN ln -s /usr/share/containers/systemd/app.image /usr/lib/bootc/bound-images.d/app.image\n'],
  },
  'physically-bound-image': {
    fires: [
      [B + 'RUN podman --root /usr/lib/containers/storage pull quay.io/app/app:1\n', 'podman --root /usr/lib/containers/storage pull'],
      [B + 'RUN IID=$(podman pull --root /usr/lib/containers/storage quay.io/app/app:1) && echo $IID\n', 'podman pull'],
    ],
    quiet: [B + 'RUN podman pull quay.io/app/app:1\n', B + 'RUN podman --root /usr/lib/containers/storage images\n'],
  },
  'buildah-injected': {
    fires: [[B + 'RUN echo myhost > /etc/hostname\n', '/etc/hostname'], [B + 'RUN echo nameserver 1.1.1.1 >> /etc/resolv.conf\n', '/etc/resolv.conf']],
    quiet: [B + 'COPY hostname /etc/hostname\n', B + 'RUN cat /etc/hostname > /tmp/x && rm /tmp/x\n'],
  },
  chcon: {
    fires: [[B + 'RUN chcon -t httpd_sys_content_t /srv/www\n', 'chcon']],
    quiet: [B + 'RUN semanage fcontext -a -t httpd_sys_content_t "/srv/www(/.*)?"\n', B + 'RUN echo chcon\n'],
  },
  'opt-writable': {
    fires: [
      [B + 'RUN mkdir -p /opt/app/logs\n', '/opt/app/logs'],
      [B + 'COPY data/ /opt/app/data/\n', '/opt/app/data/'],
      [B + 'RUN chmod 777 /opt/app\n', '/opt/app'],
    ],
    quiet: [B + 'COPY app/ /opt/app/\n', B + 'RUN ln -s /var/log/app /opt/app/logs\n', B + 'RUN chmod 755 /opt/app/bin\n'],
  },
  'kargs-toml': {
    fires: [
      [B + 'COPY <<EOF /usr/lib/bootc/kargs.d/10-console.toml\nkargs = "console=ttyS0"\nEOF\n', '/usr/lib/bootc/kargs.d/10-console.toml'],
      [B + 'RUN cat <<EOF > /usr/lib/bootc/kargs.d/10-x.toml\nkargs = ["a"]\nmatch-architectures = ["amd64"]\nEOF\n', '/usr/lib/bootc/kargs.d/10-x.toml'],
      [B + 'COPY bad-kargs.toml /usr/lib/bootc/kargs.d/\n', 'bad-kargs.toml'],
    ],
    quiet: [
      B + 'COPY <<EOF /usr/lib/bootc/kargs.d/10-console.toml\nkargs = ["console=ttyS0"]\nmatch-architectures = ["x86_64"]\nEOF\n',
      B + 'COPY good-kargs.toml /usr/lib/bootc/kargs.d/10-good.toml\n',
      B + 'COPY --from=build /kargs.toml /usr/lib/bootc/kargs.d/\n',
    ],
  },
  'install-config': {
    fires: [
      [B + 'COPY <<EOF /usr/lib/bootc/install/00-rootfs.toml\n[install.filesystem.root]\ntype = "zfs"\nEOF\n', '/usr/lib/bootc/install/00-rootfs.toml'],
      [B + 'COPY bad-install.toml /usr/lib/bootc/install/50-x.toml\n', 'bad-install.toml'],
    ],
    quiet: [
      B + 'COPY <<EOF /usr/lib/bootc/install/00-rootfs.toml\n[install.filesystem.root]\ntype = "xfs"\nEOF\n',
      B + 'COPY good-install.toml /usr/lib/bootc/install/\n',
    ],
  },
  'rootfs-undeclared': {
    fires: [['FROM quay.io/fedora/fedora-bootc:42\nRUN dnf -y install vim && dnf clean all\n', 'fedora/fedora-bootc']],
    quiet: [
      B + 'COPY <<EOF /usr/lib/bootc/install/00-rootfs.toml\n[install.filesystem.root]\ntype = "xfs"\nEOF\n',
      B + 'COPY rootfs/ /\n',
      'FROM quay.io/centos-bootc/centos-bootc:stream10\n',
    ],
  },
  'not-bootc-base': {
    fires: [['FROM registry.fedoraproject.org/fedora:42\nRUN echo x\n', 'fedora'], ['ARG BASE=docker.io/library/debian:12\nFROM $BASE\n', '$BASE']],
    quiet: [
      B, 'FROM ghcr.io/ublue-os/bazzite:stable\n', 'FROM localhost/my-os:1\nLABEL containers.bootc=1\n',
      'FROM $UNKNOWN\n', 'FROM scratch\nCOPY --from=x / /\n', 'FROM quay.io/fedora/fedora:42 AS build\n' + B,
    ],
  },
  'unpinned-base': {
    fires: [['FROM quay.io/fedora/fedora-bootc:42\n', 'quay.io/fedora/fedora-bootc:42'], ['FROM quay.io/centos-bootc/centos-bootc:stream10 AS base\nFROM base\n', 'quay.io/centos-bootc/centos-bootc:stream10']],
    quiet: [B, 'ARG SHA\nFROM quay.io/fedora/fedora-bootc:42@${SHA}\n', 'FROM quay.io/fedora/fedora:42 AS build\n' + B],
  },
  'extra-kernel': {
    fires: [
      [B + 'RUN dnf -y install kernel-core && dnf clean all\n', 'kernel-core'],
      [B + 'RUN dracut --force\n', 'dracut'],
      [B + 'RUN kernel-install add 6.1 /usr/lib/modules/6.1/vmlinuz\n', 'kernel-install add'],
    ],
    quiet: [
      B + 'RUN dnf -y install kernel-devel kernel-modules-extra && dnf clean all\n',
      B + 'RUN KVER=$(ls /usr/lib/modules) && dracut --force --kver "$KVER" "/usr/lib/modules/$KVER/initramfs.img"\n',
      'FROM quay.io/fedora/fedora:42 AS build\nRUN dnf -y install kernel && dnf clean all\n' + B,
    ],
  },
  'systemctl-start': {
    fires: [[B + 'RUN systemctl enable httpd && systemctl start httpd\n', 'systemctl start']],
    quiet: [B + 'RUN systemctl enable httpd\n', B + 'RUN systemctl --global enable app.service\n', B + 'RUN systemctl mask systemd-remount-fs\n'],
  },
  alternatives: {
    fires: [[B + 'RUN alternatives --set java /usr/lib/jvm/java-21/bin/java\n', 'alternatives --set'], [B + 'RUN update-alternatives --install /usr/bin/vi vi /usr/bin/vim 50\n', 'update-alternatives --install']],
    quiet: [B + 'RUN alternatives --display java\n'],
  },
  'toolchain-in-final': {
    fires: [[B + 'RUN dnf -y install gcc make && dnf clean all\n', 'gcc']],
    quiet: ['FROM quay.io/fedora/fedora:42 AS build\nRUN dnf -y install gcc make && dnf clean all\n' + B, B + 'RUN dnf -y install httpd && dnf clean all\n'],
  },
  'builder-config': {
    fires: [[B + 'COPY bib.toml /usr/lib/bootc-image-builder/config.toml\n', 'bib.toml'], [B + 'COPY bad.json /usr/lib/bootc-image-builder/config.json\n', 'bad.json']],
    quiet: [B + 'COPY good-bib.toml /usr/lib/bootc-image-builder/config.toml\n', B + 'COPY bib.toml /etc/other.toml\n'],
  },
};

/** Build-context files the COPY cases read. */
export const context: Record<string, string> = {
  'bad-kargs.toml': 'kargs = ["a"]\nextra = 1\n',
  'good-kargs.toml': 'kargs = ["console=ttyS0"]\n',
  'bad-install.toml': '[install]\nblock = ["lvm"]\n',
  'good-install.toml': '[install.filesystem.root]\ntype = "xfs"\n',
  'bib.toml': '[[customizations.user]]\nname = "Bad Name"\n',
  'good-bib.toml': '[[customizations.user]]\nname = "admin"\nkey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl admin@example"\ngroups = ["wheel"]\n',
  'bad.json': '{"customizations": ',
};
