package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LeafEncodingTest {
    private static final StoredEvent EXAMPLE = new StoredEvent(
            42,
            "0b3f6c2e-8d7a-4f6e-9a51-2c7d1e0f4a11",
            "item-7",
            3,
            "InventoryItem",
            "stockade.inventory.StockAdjusted",
            null,
            "2026-12-06T10:15:30.123Z",
            "{\"quantity\":5}".getBytes(StandardCharsets.UTF_8),
            null);

    @Test
    void shouldLayOutTheWorkedExampleOfFormatMdByteForByte() {
        // Spelled out field by field as FORMAT.md documents it; the hash was computed apart, with Python's hashlib.
        String expected = "01"
                + "00000008" + "000000000000002a"
                + "00000024" + hex("0b3f6c2e-8d7a-4f6e-9a51-2c7d1e0f4a11")
                + "00000006" + hex("item-7")
                + "00000008" + "0000000000000003"
                + "0000000d" + hex("InventoryItem")
                + "00000020" + hex("stockade.inventory.StockAdjusted")
                + "ffffffff"
                + "00000018" + hex("2026-12-06T10:15:30.123Z")
                + "0000000e" + hex("{\"quantity\":5}")
                + "ffffffff";
        assertThat(HexFormat.of().formatHex(LeafEncoding.encode(EXAMPLE))).isEqualTo(expected);
        assertThat(LeafEncoding.leafHash(EXAMPLE).toHex())
                .isEqualTo("96b846eaeae4052284e3aaceddaf792ee2d63086856498ba2d4e190a3a406423");
    }

    @Test
    void shouldChangeTheLeafHashWhenAnyColumnChanges() {
        byte[] payload = EXAMPLE.payload();
        StoredEvent[] edits = {
            with(EXAMPLE, 43, null, null, 3, null, null, null, null, null, null),
            with(EXAMPLE, 42, "0b3f6c2e-8d7a-4f6e-9a51-2c7d1e0f4a12", null, 3, null, null, null, null, null, null),
            with(EXAMPLE, 42, null, "item-8", 3, null, null, null, null, null, null),
            with(EXAMPLE, 42, null, null, 4, null, null, null, null, null, null),
            with(EXAMPLE, 42, null, null, 3, "User", null, null, null, null, null),
            with(EXAMPLE, 42, null, null, 3, null, "stockade.inventory.StockCounted", null, null, null, null),
            with(EXAMPLE, 42, null, null, 3, null, null, "1", null, null, null),
            with(EXAMPLE, 42, null, null, 3, null, null, null, "2026-12-06T10:15:30.124Z", null, null),
            with(EXAMPLE, 42, null, null, 3, null, null, null, null, flipLastBit(payload), null),
            with(EXAMPLE, 42, null, null, 3, null, null, null, null, null, new byte[0]),
        };
        Set<Hash> hashes = new HashSet<>();
        hashes.add(LeafEncoding.leafHash(EXAMPLE));
        for (StoredEvent edit : edits) {
            hashes.add(LeafEncoding.leafHash(edit));
        }
        assertThat(hashes).hasSize(edits.length + 1);
    }

    @Test
    void shouldTellNullFromEmptyAndNotLetBytesMoveBetweenColumns() {
        StoredEvent emptyRevision = with(EXAMPLE, 42, null, null, 3, null, null, "", null, null, null);
        assertThat(LeafEncoding.leafHash(emptyRevision)).isNotEqualTo(LeafEncoding.leafHash(EXAMPLE));
        // "item-7" + "InventoryItem" and "item-7Inv" + "entoryItem" concatenate alike; the lengths tell them apart.
        StoredEvent shifted = with(EXAMPLE, 42, null, "item-7Inv", 3, "entoryItem", null, null, null, null, null);
        assertThat(LeafEncoding.leafHash(shifted)).isNotEqualTo(LeafEncoding.leafHash(EXAMPLE));
    }

    @Test
    void shouldRefuseTextWithoutAUtf8Form() {
        StoredEvent broken = with(EXAMPLE, 42, null, "item-\uD800", 3, null, null, null, null, null, null);
        assertThatThrownBy(() -> LeafEncoding.encode(broken)).isInstanceOf(IllegalArgumentException.class);
        StoredEvent paired = with(EXAMPLE, 42, null, "item-\uD83D\uDCE6", 3, null, null, null, null, null, null);
        assertThat(LeafEncoding.encode(paired)).isNotEmpty();
    }

    @Test
    void shouldRefuseMalformedLeavesWhenDecoding() {
        byte[] leaf = LeafEncoding.encode(EXAMPLE);
        byte[] wrongVersion = leaf.clone();
        wrongVersion[0] = 2;
        byte[] trailing = Arrays.copyOf(leaf, leaf.length + 1);
        byte[] truncated = Arrays.copyOf(leaf, leaf.length - 1);
        byte[] longLength = leaf.clone();
        longLength[1 + 12 + 3] = (byte) 0x7f; // event_identifier claims 127 bytes... then everything shifts
        byte[] badUtf8 = leaf.clone();
        badUtf8[1 + 12 + 4] = (byte) 0xff; // first byte of event_identifier
        for (byte[] bad : new byte[][] {new byte[0], wrongVersion, trailing, truncated, longLength, badUtf8}) {
            assertThatThrownBy(() -> LeafEncoding.decode(bad)).isInstanceOf(ProofException.class);
        }
    }

    @Property(tries = 300)
    void shouldDecodeWhatItEncodes(@ForAll("events") StoredEvent event) throws ProofException {
        byte[] leaf = LeafEncoding.encode(event);
        assertThat(LeafEncoding.decode(leaf)).isEqualTo(event);
        assertThat(LeafEncoding.leafHash(event)).isEqualTo(MerkleHasher.leafHash(leaf));
    }

    @Provide
    Arbitrary<StoredEvent> events() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> nullableText = text.injectNull(0.3);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Combinators.combine(
                        Arbitraries.longs(), text, text, Arbitraries.longs(), nullableText, text, nullableText, text)
                .flatAs((global, id, aggregate, sequence, type, payloadType, revision, time) -> Combinators.combine(
                                bytes, bytes.injectNull(0.3))
                        .as((payload, metaData) -> new StoredEvent(
                                global,
                                id,
                                aggregate,
                                sequence,
                                type,
                                payloadType,
                                revision,
                                time,
                                payload,
                                metaData)));
    }

    private static StoredEvent with(
            StoredEvent base,
            long global,
            String id,
            String aggregate,
            long sequence,
            String type,
            String payloadType,
            String revision,
            String time,
            byte[] payload,
            byte[] metaData) {
        return new StoredEvent(
                global,
                id != null ? id : base.eventIdentifier(),
                aggregate != null ? aggregate : base.aggregateIdentifier(),
                sequence,
                type != null ? type : base.aggregateType(),
                payloadType != null ? payloadType : base.payloadType(),
                revision != null ? revision : base.payloadRevision(),
                time != null ? time : base.timeStamp(),
                payload != null ? payload : base.payload(),
                metaData != null ? metaData : base.metaData());
    }

    private static byte[] flipLastBit(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length - 1] ^= 1;
        return copy;
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
