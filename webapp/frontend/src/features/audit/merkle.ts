// The browser's own check of an inclusion proof (RFC 9162 §2.1.3.2), so an auditor does not have to
// take the server's word that an event is in the signed log: the root recomputed here from the
// event's leaf hash and the proof must equal the checkpoint's root.

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.trim().toLowerCase();
  if (!/^([0-9a-f]{2})*$/.test(clean)) throw new Error('not a hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hex of a base64 hash (the event list gives leaf hashes in base64, proofs in hex). */
export function base64ToHex(b64: string): string {
  const bin = atob(b64);
  return bytesToHex(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const buf = new Uint8Array(1 + left.length + right.length);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

/** The root an inclusion proof leads to, or null when the proof cannot be one for this index and size. */
export async function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHashHex: string,
  proofHex: string[],
): Promise<string | null> {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = hexToBytes(leafHashHex);
  for (const p of proofHex) {
    if (sn === 0) return null;
    const hash = hexToBytes(p);
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(hash, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, hash);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? bytesToHex(r) : null;
}

/** Whether the proof leads from the leaf to the root; null when this browser cannot hash (no Web Crypto). */
export async function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHashHex: string,
  proofHex: string[],
  rootHex: string,
): Promise<boolean | null> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return null;
  try {
    const root = await rootFromInclusionProof(leafIndex, treeSize, leafHashHex, proofHex);
    return root !== null && root === rootHex.trim().toLowerCase();
  } catch {
    return false;
  }
}
