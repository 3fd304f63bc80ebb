package io.stockade.query.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.UserId;
import io.stockade.platform.privacy.PersonalDataCipher;
import io.stockade.query.audit.StoredEventRepository.StoredEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Reads stored events as people read them: the payload through the application's event serializer (which
 * unseals personal values, or yields them erased), written as JSON with each personal value as its text or
 * {@code [erased]}; the metadata's sealed client address and user agent opened under the actor's key.
 */
@Component
class EventDecoder {
    /** A sealed value whose integrity check failed: shown, not thrown, so one bad value cannot hide a page. */
    static final String UNREADABLE = "[unreadable]";

    private final Serializer serializer;
    private final PersonalDataCipher cipher;
    private final ObjectMapper json;
    private final ObjectMapper plain = new ObjectMapper();

    EventDecoder(@Qualifier("eventSerializer") Serializer serializer, PersonalDataCipher cipher, ObjectMapper web) {
        this.serializer = serializer;
        this.cipher = cipher;
        this.json = web.copy()
                .registerModule(new SimpleModule("audit-personal-values")
                        .addSerializer(PersonalValue.class, new StdSerializer<>(PersonalValue.class) {
                            @Override
                            public void serialize(PersonalValue v, JsonGenerator gen, SerializerProvider p)
                                    throws IOException {
                                gen.writeString(v.displayValue());
                            }
                        }));
    }

    /** An event decoded: the payload object (null when its class is unknown here), its JSON, its metadata. */
    record Decoded(Object payload, JsonNode payloadJson, Map<String, String> metadata) {}

    Decoded decode(StoredEvent e) {
        SerializedObject<byte[]> stored =
                new SimpleSerializedObject<>(e.payload(), byte[].class, e.payloadType(), e.payloadRevision());
        Object payload = serializer.deserialize(stored);
        JsonNode payloadJson;
        if (payload instanceof UnknownSerializedType) {
            // A type this node does not know (a newer node's event): its stored JSON, personal values still sealed.
            payload = null;
            payloadJson = tree(e.payload());
        } else {
            payloadJson = json.valueToTree(payload);
        }
        redact(payloadJson);
        Map<String, String> metadata = new HashMap<>();
        if (e.metaData() != null) {
            tree(e.metaData()).fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    metadata.put(
                            f.getKey(),
                            f.getValue().isTextual()
                                    ? f.getValue().asText()
                                    : f.getValue().toString());
                }
            });
        }
        return new Decoded(payload, payloadJson, metadata);
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> secrets = new ArrayList<>();
            object.fields().forEachRemaining(f -> {
                if (AuditedEvents.secret(f.getKey())) {
                    secrets.add(f.getKey());
                } else {
                    redact(f.getValue());
                }
            });
            secrets.forEach(name -> object.put(name, AuditedEvents.REDACTED));
        } else if (node != null && node.isArray()) {
            node.forEach(EventDecoder::redact);
        }
    }

    /** A value sealed under the person's key as it reads now: clear, or {@code [erased]} once their key is gone. */
    String unseal(String subject, String sealed) {
        if (sealed == null) {
            return null;
        }
        if (subject == null) {
            return UNREADABLE;
        }
        try {
            return cipher.decrypt(UserId.of(subject), sealed).orElse(PersonalValue.ERASED);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return UNREADABLE;
        }
    }

    /** Seals a value under the person's key, as the request metadata interceptor does. */
    String seal(UserId subject, String clear) {
        return cipher.encrypt(subject, clear);
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return plain.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("a stored event is not JSON", e);
        }
    }
}
