// The Debian package as an operator gets it: `cpack -G DEB` in the build folder, unpacked into
// a fresh root; queue-runner runs from there, man finds its page there, and the unit, the
// example configuration and the declared dependencies are in place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BUILD_DIR = process.env.JOBKIT_BUILD_DIR;
const SOURCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
assert.ok(BUILD_DIR, 'JOBKIT_BUILD_DIR names the build folder (CTest sets it)');

const work = mkdtempSync(path.join(tmpdir(), 'jobkit-deb-'));
after(() => rmSync(work, { recursive: true, force: true }));
const run = (program, args, options = {}) => execFileSync(program, args, { encoding: 'utf8', ...options });

test('cpack -G DEB makes a package that runs from a fresh root', { timeout: 600000 }, () => {
  const output = path.join(work, 'out');
  run('cpack', ['-G', 'DEB', '-B', output, '--config', path.join(BUILD_DIR, 'CPackConfig.cmake')], { cwd: BUILD_DIR });
  const debs = readdirSync(output).filter((name) => /^jobkit_.+_.+\.deb$/.test(name));
  assert.equal(debs.length, 1, `one jobkit_<version>_<arch>.deb in ${readdirSync(output)}`);
  const deb = path.join(output, debs[0]);

  // Dependencies found by dpkg-shlibdeps in the binaries, not written by hand.
  const depends = run('dpkg-deb', ['-f', deb, 'Depends']);
  for (const library of ['libc6', 'libstdc++6', 'libhiredis0.14']) assert.match(depends, new RegExp(`\\b${library.replace(/[.+]/g, '\\$&')}\\b`), depends);
  const control = path.join(work, 'control');
  run('dpkg-deb', ['-e', deb, control]);
  assert.equal(readFileSync(path.join(control, 'conffiles'), 'utf8').trim(), '/etc/jobkit/queues.json');
  assert.ok(existsSync(path.join(control, 'postinst')));

  const root = path.join(work, 'root');
  run('dpkg-deb', ['-x', deb, root]);
  const version = run(path.join(root, 'usr/bin/queue-runner'), ['--version']);
  assert.match(version, /^queue-runner \(jobkit\) \d+\.\d+\.\d+/);
  const page = run('man', ['-w', 'queue-runner'], { env: { ...process.env, MANPATH: path.join(root, 'usr/share/man') } });
  assert.equal(page.trim(), path.join(root, 'usr/share/man/man1/queue-runner.1'));
  assert.equal(readFileSync(path.join(root, 'etc/jobkit/queues.json'), 'utf8'),
    readFileSync(path.join(SOURCE_DIR, 'tools/queue-runner/queues.example.json'), 'utf8'));
  assert.equal(readFileSync(path.join(root, 'usr/lib/systemd/system/queue-runner@.service'), 'utf8'),
    readFileSync(path.join(SOURCE_DIR, 'tools/queue-runner/deploy/systemd/queue-runner@.service'), 'utf8'));
  assert.match(readFileSync(path.join(root, 'usr/lib/sysusers.d/jobkit.conf'), 'utf8'), /^u jobkit /m);
  // Every tool built is packed, each with its man page when it has one.
  for (const tool of readdirSync(path.join(BUILD_DIR, 'bin')).filter((name) => existsSync(path.join(SOURCE_DIR, 'tools', name)))) {
    assert.ok(existsSync(path.join(root, 'usr/bin', tool)), `${tool} is in the package`);
    if (existsSync(path.join(SOURCE_DIR, 'man', `${tool}.1`))) assert.ok(existsSync(path.join(root, 'usr/share/man/man1', `${tool}.1`)));
  }
  // And the data the tools ship (templates), where shipped_data looks for them installed.
  const shipped = path.join(BUILD_DIR, 'share/jobkit');
  for (const tool of existsSync(shipped) ? readdirSync(shipped) : []) {
    for (const folder of readdirSync(path.join(shipped, tool))) {
      assert.ok(existsSync(path.join(root, 'usr/share/jobkit', tool, folder)), `${tool}/${folder} is in the package`);
    }
  }
});
