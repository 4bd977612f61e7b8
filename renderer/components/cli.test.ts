import { describe, expect, it } from 'vitest';
import { cliTwin, shellQuote } from './cli';

/** What a POSIX shell makes of one single-quoted word (enough of `sh` to check our output). */
function unquote(word: string): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    if (word[i] === "'") {
      const end = word.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${word}`);
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (word[i] === '\\') {
      out += word[i + 1];
      i += 2;
    } else {
      if (!/[A-Za-z0-9_./:@%+=,-]/.test(word[i])) throw new Error(`unquoted special ${word[i]} in ${word}`);
      out += word[i];
      i += 1;
    }
  }
  return out;
}

describe('shellQuote', () => {
  it('leaves plain plugin names and KEY=VALUE pairs alone', () => {
    expect(shellQuote('contiv/v2plugin:latest')).toBe('contiv/v2plugin:latest');
    expect(shellQuote('cluster_store=etcd://127.0.0.1:2379')).toBe('cluster_store=etcd://127.0.0.1:2379');
  });

  it('single-quotes anything with spaces, shell metacharacters or quotes', () => {
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$(rm -rf /)')).toBe("'$(rm -rf /)'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  it('round-trips through shell unquoting for awkward strings', () => {
    for (const s of ["it's", 'a b', '"x"', '`id`', 'tab\there', "''", 'line\nbreak', '*?[]', 'plain', 'ü=ß']) {
      expect(unquote(shellQuote(s))).toBe(s);
    }
  });
});

describe('cliTwin', () => {
  it('writes the docker plugin commands users would type', () => {
    const n = 'contiv/v2plugin:latest';
    expect(cliTwin.enable(n)).toBe('docker plugin enable contiv/v2plugin:latest');
    expect(cliTwin.disable(n)).toBe('docker plugin disable contiv/v2plugin:latest');
    expect(cliTwin.inspect(n)).toBe('docker plugin inspect contiv/v2plugin:latest');
    expect(cliTwin.remove(n)).toBe('docker plugin rm contiv/v2plugin:latest');
    expect(cliTwin.remove(n, true)).toBe('docker plugin rm --force contiv/v2plugin:latest');
    expect(cliTwin.set(n, [{ key: 'cluster_store', value: 'etcd://h:2379' }, { key: 'ARGS', value: 'a b' }])).toBe(
      "docker plugin set contiv/v2plugin:latest cluster_store=etcd://h:2379 'ARGS=a b'",
    );
  });
});
