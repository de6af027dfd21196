// The builder version is part of every disk cache key: bump it when a change alters what a disk contains.
export const version = '0.1.0';
