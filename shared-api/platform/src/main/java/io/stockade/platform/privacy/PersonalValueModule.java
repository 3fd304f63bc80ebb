package io.stockade.platform.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.UserId;
import java.io.IOException;

/**
 * Stored form of a {@link PersonalValue}: {@code {"subject": id, "sealed": "pd1:..."}}. Only the
 * event serializer registers this module, so personal values are never written in clear to the log.
 */
public class PersonalValueModule extends SimpleModule {

    public PersonalValueModule(PersonalDataCipher cipher) {
        super("stockade-personal-values");
        addSerializer(PersonalValue.class, new JsonSerializer<>() {
            @Override
            public void serialize(PersonalValue v, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("subject", v.subject().toString());
                if (v.erased() || v.value() == null) {
                    gen.writeBooleanField("erased", v.erased());
                } else {
                    gen.writeStringField("sealed", cipher.encrypt(v.subject(), v.value()));
                }
                gen.writeEndObject();
            }
        });
        addDeserializer(PersonalValue.class, new JsonDeserializer<>() {
            @Override
            public PersonalValue deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                JsonNode node = parser.readValueAsTree();
                UserId subject = UserId.of(node.get("subject").asText());
                JsonNode sealed = node.get("sealed");
                if (sealed == null || sealed.isNull()) {
                    return new PersonalValue(subject, null, node.path("erased").asBoolean(false));
                }
                return cipher.decrypt(subject, sealed.asText())
                        .map(clear -> PersonalValue.of(subject, clear))
                        .orElseGet(() -> PersonalValue.erasedFor(subject));
            }
        });
    }
}
