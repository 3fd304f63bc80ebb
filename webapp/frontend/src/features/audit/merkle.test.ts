// @vitest-environment node
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64ToHex, rootFromInclusionProof, verifyInclusion } from './merkle';

// An independent RFC 9162 (§2.1.1, §2.1.3.1) Merkle tree and proof, written from the definitions.
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (i: number) => sha(Buffer.from([0]), Buffer.from(`event ${i}`));
const split = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function path(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

describe('inclusion proofs', () => {
  it('lead every leaf of trees of 1 to 12 leaves to the root', async () => {
    for (let n = 1; n <= 12; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leaf(i));
      const root = mth(leaves).toString('hex');
      for (let m = 0; m < n; m++) {
        const proof = path(m, leaves).map((h) => h.toString('hex'));
        expect(await rootFromInclusionProof(m, n, leaves[m].toString('hex'), proof)).toBe(root);
        expect(await verifyInclusion(m, n, leaves[m].toString('hex'), proof, root.toUpperCase())).toBe(true);
      }
    }
  });

  it('refuse a changed leaf, a wrong index, a short or long proof, an index outside the tree', async () => {
    const leaves = Array.from({ length: 7 }, (_, i) => leaf(i));
    const root = mth(leaves).toString('hex');
    const proof = path(3, leaves).map((h) => h.toString('hex'));
    const hash = leaves[3].toString('hex');
    expect(await verifyInclusion(3, 7, leaf(99).toString('hex'), proof, root)).toBe(false);
    expect(await verifyInclusion(2, 7, hash, proof, root)).toBe(false);
    expect(await verifyInclusion(3, 7, hash, proof.slice(1), root)).toBe(false);
    expect(await verifyInclusion(3, 7, hash, [...proof, proof[0]], root)).toBe(false);
    expect(await verifyInclusion(7, 7, hash, proof, root)).toBe(false);
    expect(await verifyInclusion(3, 7, 'zz', proof, root)).toBe(false);
  });

  it('reads base64 leaf hashes as the event list gives them', () => {
    const h = leaf(1);
    expect(base64ToHex(h.toString('base64'))).toBe(h.toString('hex'));
  });
});
