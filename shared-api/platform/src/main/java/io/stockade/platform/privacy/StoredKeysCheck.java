package io.stockade.platform.privacy;

import io.stockade.platform.config.StartupRefusal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Before any event processor starts: a node that could not open the stored personal-data keys would read every
 * person's values as unreadable and park the projections' events, so it stops instead, naming the setting. Then
 * keys written before a wrapping key was set are wrapped (each once, even with several nodes starting).
 */
@Component
public class StoredKeysCheck implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(StoredKeysCheck.class);
    private final SubjectKeys keys;
    private final KeyWrapping wrapping;

    public StoredKeysCheck(SubjectKeys keys, KeyWrapping wrapping) {
        this.keys = keys;
        this.wrapping = wrapping;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String stored : keys.storedWrappings()) {
            if (!wrapping.opens(stored)) {
                throw unopenable(stored, wrapping);
            }
        }
        int wrapped = keys.wrapStoredKeys();
        if (wrapped > 0) {
            log.info("Wrapped {} personal-data keys stored before a wrapping key was set", wrapped);
        }
    }

    static StartupRefusal unopenable(String stored, KeyWrapping given) {
        boolean kms = KmsKeyWrapping.NAME.equals(stored);
        String setting = KeyWrapping.settingFor(stored);
        String have = given.name() == null ? "no wrapping key" : "a key that names itself " + given.name();
        return new StartupRefusal(
                List.of(setting),
                "personal-data keys in the database are wrapped by " + stored + ", and this service was given " + have,
                "Give this service the same " + setting + " as the services that wrote them"
                        + (kms
                                ? " (and the right to kms:Decrypt with it)."
                                : " (its fingerprint is the part after aes-gcm:)."));
    }
}
