package io.stockade.audit.proof;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashing of RFC 9162 §2.1.1 (Certificate Transparency v2, the same as RFC 6962) with SHA-256.
 *
 * <ul>
 *   <li>the hash of a leaf is {@code SHA-256(0x00 || leaf)};
 *   <li>the hash of an interior node is {@code SHA-256(0x01 || left || right)};
 *   <li>the root of the empty tree is {@code SHA-256()} of no bytes at all.
 * </ul>
 *
 * <p>The distinct prefixes make a leaf and a node never hash alike, so a node cannot be passed off as a leaf. Safe to
 * call from any thread (one digest per thread).
 */
public final class MerkleHasher {
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(MerkleHasher::newDigest);

    /** {@code SHA-256("")}: e3b0c442…b855. */
    public static final Hash EMPTY_ROOT = Hash.wrap(newDigest().digest());

    private MerkleHasher() {}

    /** The hash of a leaf whose bytes are {@code leaf}. */
    public static Hash leafHash(byte[] leaf) {
        return leafHash(leaf, 0, leaf.length);
    }

    /** The hash of the leaf held in {@code leaf[offset, offset+length)}. */
    public static Hash leafHash(byte[] leaf, int offset, int length) {
        MessageDigest digest = SHA_256.get();
        digest.update(LEAF_PREFIX);
        digest.update(leaf, offset, length);
        return Hash.wrap(digest.digest());
    }

    /** The hash of an interior node with the given children. */
    public static Hash nodeHash(Hash left, Hash right) {
        MessageDigest digest = SHA_256.get();
        digest.update(NODE_PREFIX);
        digest.update(left.bytes());
        digest.update(right.bytes());
        return Hash.wrap(digest.digest());
    }

    /** This thread's digest, already fed the leaf prefix: the caller feeds the leaf and calls {@code digest()}. */
    static MessageDigest startLeaf() {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        digest.update(LEAF_PREFIX);
        return digest;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
