// CIDR blocks in one canonical form: a /0 is the whole address family however its address is written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWholeAddressFamily, normaliseCidr } from '../../../../src/verifier/load/terraform/cidr.ts';

test('normaliseCidr clears host bits, so any /0 is the whole family', () => {
  assert.equal(normaliseCidr('192.168.1.0/0'), '0.0.0.0/0');
  assert.equal(normaliseCidr('10.0.1.7/16'), '10.0.0.0/16');
  assert.equal(normaliseCidr(' 10.0.0.0/8 '), '10.0.0.0/8');
  assert.equal(normaliseCidr('2001:db8::1/0'), '::/0');
  assert.equal(normaliseCidr('FD00:0:0::/8'), 'fd00::/8');
  assert.equal(normaliseCidr('10.0.0.0/33'), undefined);
  assert.equal(normaliseCidr('10.0.0.0'), undefined);
  assert.equal(normaliseCidr('${aws_vpc.this.cidr_block}'), undefined);
});

test('isWholeAddressFamily is true for every /0 and nothing else', () => {
  for (const cidr of ['0.0.0.0/0', '192.168.1.0/0', '255.255.255.255/0', '::/0', 'fd00::/0'])
    assert.equal(isWholeAddressFamily(cidr), true, cidr);
  for (const cidr of ['0.0.0.0/1', '10.0.0.0/8', '192.168.1.0/24', 'not a cidr'])
    assert.equal(isWholeAddressFamily(cidr), false, cidr);
});
