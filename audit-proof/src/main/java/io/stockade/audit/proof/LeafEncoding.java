package io.stockade.audit.proof;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bytes of a log leaf: every stored column of one event, length-prefixed, so that no change to any column (nor a
 * shift of bytes between two columns) leaves the leaf unchanged. The leaf hash is then {@code SHA-256(0x00 || leaf)}
 * ({@link MerkleHasher#leafHash}).
 *
 * <p>Layout, version 1 (also in {@code audit-proof/FORMAT.md}):
 *
 * <pre>
 * leaf   = 0x01 field{10}                  the format version, then ten fields in this order
 * field  = length:int32 (big-endian) bytes  length -1 (0xFFFFFFFF) is SQL NULL and has no bytes
 *
 *  1 global_index          8 bytes, big-endian two's complement (length always 8)
 *  2 event_identifier      UTF-8
 *  3 aggregate_identifier  UTF-8
 *  4 sequence_number       8 bytes, big-endian two's complement (length always 8)
 *  5 type                  UTF-8 or NULL  (the aggregate type)
 *  6 payload_type          UTF-8
 *  7 payload_revision      UTF-8 or NULL
 *  8 time_stamp            UTF-8, the text exactly as stored
 *  9 payload               the stored bytes (sealed personal values stay sealed)
 * 10 meta_data             the stored bytes, or NULL
 * </pre>
 *
 * Text that is not valid Unicode (an unpaired surrogate) has no UTF-8 form and is refused, rather than silently
 * replaced and sealed as something else.
 */
public final class LeafEncoding {
    /** The first byte of every leaf of this layout. */
    public static final byte VERSION = 0x01;

    private static final int NULL_LENGTH = -1;
    private static final int FIELDS = 10;

    private LeafEncoding() {}

    /** The leaf bytes of {@code event}. */
    public static byte[] encode(StoredEvent event) {
        byte[] eventIdentifier = utf8(event.eventIdentifier());
        byte[] aggregateIdentifier = utf8(event.aggregateIdentifier());
        byte[] aggregateType = utf8(event.aggregateType());
        byte[] payloadType = utf8(event.payloadType());
        byte[] payloadRevision = utf8(event.payloadRevision());
        byte[] timeStamp = utf8(event.timeStamp());
        long size = 1L
                + FIELDS * 4L
                + 16
                + length(eventIdentifier)
                + length(aggregateIdentifier)
                + length(aggregateType)
                + length(payloadType)
                + length(payloadRevision)
                + length(timeStamp)
                + length(event.payload())
                + length(event.metaData());
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("event " + event.globalIndex() + " is too large for one leaf");
        }
        ByteBuffer leaf = ByteBuffer.allocate((int) size);
        leaf.put(VERSION);
        putLong(leaf, event.globalIndex());
        put(leaf, eventIdentifier);
        put(leaf, aggregateIdentifier);
        putLong(leaf, event.sequenceNumber());
        put(leaf, aggregateType);
        put(leaf, payloadType);
        put(leaf, payloadRevision);
        put(leaf, timeStamp);
        put(leaf, event.payload());
        put(leaf, event.metaData());
        return leaf.array();
    }

    /**
     * The leaf hash of {@code event}: {@code SHA-256(0x00 || encode(event))}, fed to the digest field by field rather
     * than through a copy of the whole leaf (a verifier hashes a million of them).
     */
    public static Hash leafHash(StoredEvent event) {
        byte[] eventIdentifier = utf8(event.eventIdentifier());
        byte[] aggregateIdentifier = utf8(event.aggregateIdentifier());
        byte[] aggregateType = utf8(event.aggregateType());
        byte[] payloadType = utf8(event.payloadType());
        byte[] payloadRevision = utf8(event.payloadRevision());
        byte[] timeStamp = utf8(event.timeStamp());
        MessageDigest digest = MerkleHasher.startLeaf();
        ByteBuffer scratch = ByteBuffer.allocate(12);
        digest.update(VERSION);
        update(digest, scratch, event.globalIndex());
        update(digest, scratch, eventIdentifier);
        update(digest, scratch, aggregateIdentifier);
        update(digest, scratch, event.sequenceNumber());
        update(digest, scratch, aggregateType);
        update(digest, scratch, payloadType);
        update(digest, scratch, payloadRevision);
        update(digest, scratch, timeStamp);
        update(digest, scratch, event.payload());
        update(digest, scratch, event.metaData());
        return Hash.wrap(digest.digest());
    }

    private static void update(MessageDigest digest, ByteBuffer scratch, byte[] field) {
        scratch.clear();
        scratch.putInt(field == null ? NULL_LENGTH : field.length);
        digest.update(scratch.array(), 0, 4);
        if (field != null) {
            digest.update(field);
        }
    }

    private static void update(MessageDigest digest, ByteBuffer scratch, long value) {
        scratch.clear();
        scratch.putInt(Long.BYTES).putLong(value);
        digest.update(scratch.array(), 0, 12);
    }

    /**
     * The event a leaf encodes; the inverse of {@link #encode}. Only the exact layout is accepted: a wrong version, a
     * length that runs past the end, an integer field that is not 8 bytes, text that is not UTF-8, or bytes after the
     * last field.
     *
     * @throws ProofException saying what is malformed
     */
    public static StoredEvent decode(byte[] leaf) throws ProofException {
        ByteBuffer in = ByteBuffer.wrap(leaf);
        if (!in.hasRemaining() || in.get() != VERSION) {
            throw new ProofException("not a version 1 leaf");
        }
        long globalIndex = getLong(in, "global_index");
        String eventIdentifier = text(in, "event_identifier");
        String aggregateIdentifier = text(in, "aggregate_identifier");
        long sequenceNumber = getLong(in, "sequence_number");
        String aggregateType = text(in, "type");
        String payloadType = text(in, "payload_type");
        String payloadRevision = text(in, "payload_revision");
        String timeStamp = text(in, "time_stamp");
        byte[] payload = bytes(in, "payload");
        byte[] metaData = bytes(in, "meta_data");
        if (in.hasRemaining()) {
            throw new ProofException(in.remaining() + " bytes after the last field of the leaf");
        }
        return new StoredEvent(
                globalIndex,
                eventIdentifier,
                aggregateIdentifier,
                sequenceNumber,
                aggregateType,
                payloadType,
                payloadRevision,
                timeStamp,
                payload,
                metaData);
    }

    private static byte[] utf8(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text with an unpaired surrogate has no UTF-8 form");
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long length(byte[] field) {
        return field == null ? 0 : field.length;
    }

    private static void put(ByteBuffer leaf, byte[] field) {
        if (field == null) {
            leaf.putInt(NULL_LENGTH);
        } else {
            leaf.putInt(field.length);
            leaf.put(field);
        }
    }

    private static void putLong(ByteBuffer leaf, long value) {
        leaf.putInt(Long.BYTES);
        leaf.putLong(value);
    }

    private static long getLong(ByteBuffer in, String column) throws ProofException {
        if (in.remaining() < 4 || in.getInt() != Long.BYTES || in.remaining() < Long.BYTES) {
            throw new ProofException(column + " is not an 8-byte integer field");
        }
        return in.getLong();
    }

    private static byte[] bytes(ByteBuffer in, String column) throws ProofException {
        if (in.remaining() < 4) {
            throw new ProofException("the leaf ends before " + column);
        }
        int length = in.getInt();
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new ProofException(column + " has length " + length + " but " + in.remaining() + " bytes remain");
        }
        byte[] field = new byte[length];
        in.get(field);
        return field;
    }

    private static String text(ByteBuffer in, String column) throws ProofException {
        byte[] field = bytes(in, column);
        if (field == null) {
            return null;
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(field));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            throw new ProofException(column + " is not UTF-8", e);
        }
    }
}
