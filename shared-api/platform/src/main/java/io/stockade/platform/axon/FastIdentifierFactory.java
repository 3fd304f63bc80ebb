package io.stockade.platform.axon;

import io.stockade.api.common.Uuids;
import org.axonframework.common.IdentifierFactory;

/** Message identifiers without the shared SecureRandom lock (see {@link Uuids}); loaded by Axon through ServiceLoader. */
public class FastIdentifierFactory extends IdentifierFactory {
    @Override
    public String generateIdentifier() {
        return Uuids.random().toString();
    }
}
