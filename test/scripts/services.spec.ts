import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'services.sh');

/**
 * scripts/services.sh on a machine where the services are missing, without consent: a copy of the
 * script whose ports nothing listens on (1, 2, 3). It must list what it would change and stop
 * before changing anything. The consenting path installs packages, so it is left to CI.
 */
describe('scripts/services.sh', () => {
  const run = (env: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'services-'));
    const copy = join(dir, 'services.sh');
    writeFileSync(
      copy,
      readFileSync(SCRIPT, 'utf8')
        .replace(/\b5432\b/g, '1')
        .replace(/\b6379\b/g, '2')
        .replace(/\b5672\b/g, '3'),
    );
    return spawnSync('bash', [copy], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), ...env },
      timeout: 30_000,
    });
  };

  it('lists the system changes and stops without consent (no terminal, no CI)', () => {
    const res = run({});
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('on this machine that means:');
    expect(res.stdout).toMatch(/- start the newest PostgreSQL cluster/);
    expect(res.stdout).toMatch(/pg_hba\.conf/);
    expect(res.stdout).toMatch(/- start redis-server on 127\.0\.0\.1:2/);
    expect(res.stdout).toMatch(/- start rabbitmq-server/);
    expect(res.stdout).toContain('nothing changed. Run again with BULWARK_SYSTEM_CHANGES=1');
    expect(res.stdout).not.toMatch(/installing|starting|enabling|creating/);
  });

  it('BULWARK_SYSTEM_CHANGES=0 refuses even in CI', () => {
    const res = run({ CI: 'true', BULWARK_SYSTEM_CHANGES: '0' });
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('BULWARK_SYSTEM_CHANGES=0: not making them');
    expect(res.stdout).not.toMatch(/installing|starting|enabling|creating/);
  });
});
