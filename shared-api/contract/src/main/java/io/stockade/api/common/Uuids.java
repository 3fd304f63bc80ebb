package io.stockade.api.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for identifiers. {@link UUID#randomUUID()} draws from one shared
 * SecureRandom and became the hottest lock under load; identifiers need uniqueness, not secrecy
 * (nothing here is a secret or a capability), so a per-thread generator serves.
 */
public final class Uuids {
    private Uuids() {}

    public static UUID random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
