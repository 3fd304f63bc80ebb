package io.stockade.platform.axon;

import io.stockade.api.common.MessageType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Jackson serializer that stores messages under their {@link MessageType} name instead of the Java
 * class name, so stored events stay readable when classes move. Classes without the annotation
 * (tokens, sagas, framework types) keep their class name.
 */
public class StockadeSerializer extends JacksonSerializer {
    private final Map<String, String> classByName;

    protected StockadeSerializer(Builder builder, Map<String, Class<?>> registry) {
        super(builder);
        Map<String, String> map = new ConcurrentHashMap<>();
        registry.forEach((name, type) -> map.put(name, type.getName()));
        this.classByName = map;
    }

    public static StockadeSerializer create(Builder builder, Map<String, Class<?>> registry) {
        return new StockadeSerializer(builder, registry);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        if (type != null) {
            MessageType name = (MessageType) type.getAnnotation(MessageType.class);
            if (name != null) {
                return new SimpleSerializedType(
                        name.value(), getRevisionResolver().revisionOf(type));
            }
        }
        return super.typeForClass(type);
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        return classByName.getOrDefault(serializedType.getName(), serializedType.getName());
    }
}
