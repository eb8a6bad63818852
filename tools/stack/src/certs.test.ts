import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  pemCertificates,
  writeAdminTokenFile,
  writeServiceAccountKeys,
} from './certs.ts';

describe('certs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-certs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a matching ServiceAccount key pair', () => {
    const paths = {
      privateKey: join(dir, 'sa.key'),
      publicKey: join(dir, 'sa.pub'),
    };
    writeServiceAccountKeys(paths);
    const fromPrivate = createPublicKey(
      createPrivateKey(readFileSync(paths.privateKey)),
    );
    const published = createPublicKey(readFileSync(paths.publicKey));
    expect(fromPrivate.export({ format: 'pem', type: 'spki' })).toEqual(
      published.export({ format: 'pem', type: 'spki' }),
    );
  });

  it('writes a token auth file line for system:masters', () => {
    const path = join(dir, 'tokens.csv');
    const token = writeAdminTokenFile(path);
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(readFileSync(path, 'utf8')).toBe(
      `${token},platform-services-stack-admin,platform-services-stack-admin,"system:masters"\n`,
    );
  });

  it('splits a PEM bundle', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    expect(pemCertificates(`${cert}\n${cert}\n`)).toEqual([
      `${cert}\n`,
      `${cert}\n`,
    ]);
  });
});
