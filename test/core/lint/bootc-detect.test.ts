// Which Containerfiles are bootc images (core/lint/bootc-detect.ts): the bootc rules, CodeLens and actions
// apply only to those; an ordinary application Dockerfile gets the generic Dockerfile features.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectBootc } from '../../../core/lint/bootc-detect';

const bootc = (text: string, opts = {}) => detectBootc(text, opts).bootc;

test('known bootc bases and the local bootable images are bootc; application bases are not', () => {
  for (const base of ['quay.io/fedora/fedora-bootc:40', 'quay.io/centos-bootc/centos-bootc:stream9', 'registry.redhat.io/rhel9/rhel-bootc:9.4',
    'ghcr.io/ublue-os/silverblue-main:40', 'localhost/bootable/debian-bootc:12', 'localhost/bootable/minimal:latest']) {
    assert.equal(bootc(`FROM ${base}\nRUN true\n`), true, base);
  }
  for (const base of ['docker.io/library/node:20-alpine', 'fedora:40', 'debian:12', 'registry.access.redhat.com/ubi9/ubi', 'scratch']) {
    assert.equal(bootc(`FROM ${base}\nRUN true\n`), false, base);
  }
  assert.equal(detectBootc('# nothing\n').bootc, false);
});

test('markers in the final stage chain make an unknown base bootc', () => {
  assert.equal(bootc('FROM example.com/my/os:1\nLABEL containers.bootc=1\n'), true);
  assert.equal(bootc('FROM example.com/my/os:1\nLABEL ostree.bootable="true"\n'), true);
  assert.equal(bootc('FROM example.com/my/os:1\nRUN dnf -y install x && \\\n    bootc container lint\n'), true);
  assert.equal(bootc('FROM example.com/my/os:1\nRUN ostree container commit\n'), true);
  assert.equal(bootc('FROM example.com/my/os:1\nLABEL containers.bootc=0\n'), false);
  // A marker only in a build stage that the final image does not come from does not count.
  assert.equal(bootc('FROM example.com/tools AS t\nLABEL containers.bootc=1\nFROM node:20\nCOPY --from=t /x /x\n'), false);
});

test('FROM a stage built from a bootc base, a bootc base through a global ARG, a local image podman knows', () => {
  assert.equal(bootc('FROM quay.io/fedora/fedora-bootc:40 AS base\nRUN true\nFROM base AS mid\nFROM mid\nRUN useradd x\n'), true);
  assert.equal(bootc('FROM docker.io/library/golang:1.22 AS build\nFROM quay.io/fedora/fedora-bootc:41\nCOPY --from=build /x /x\n'), true);
  assert.equal(bootc('FROM quay.io/fedora/fedora-bootc:41 AS os\nFROM docker.io/library/node:20\n'), false, 'final stage decides');
  assert.equal(bootc('ARG BASE=quay.io/fedora/fedora-bootc:41\nFROM ${BASE}\n'), true);
  assert.equal(bootc('ARG BASE=quay.io/fedora/fedora-bootc:41\nFROM --platform=linux/amd64 $BASE AS x\nFROM x\n'), true);
  assert.equal(bootc('FROM localhost/my-os:1\n'), false);
  assert.equal(bootc('FROM localhost/my-os:1\n', { bootcImages: ['localhost/my-os:1'] }), true);
});

test('a `# bootable:` comment or the setting decides either way', () => {
  assert.equal(bootc('# bootable: bootc\nFROM docker.io/library/debian:12\n'), true);
  assert.equal(bootc('FROM quay.io/fedora/fedora-bootc:40\n# bootable: generic\n'), false);
  assert.equal(bootc('FROM docker.io/library/debian:12\n', { force: 'bootc' }), true);
  assert.equal(bootc('# bootable: bootc\nFROM quay.io/fedora/fedora-bootc:40\n', { force: 'generic' }), false);
  assert.match(detectBootc('FROM quay.io/fedora/fedora-bootc:40\n').reason, /bootc base/);
});
