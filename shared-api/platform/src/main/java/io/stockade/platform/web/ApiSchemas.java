package io.stockade.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.stockade.api.common.Nullable;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nullability and presence of answer fields, read from the records themselves, so the document cannot promise
 * what the server does not send. A component marked {@link Nullable} is {@code nullable: true} (a reference is
 * wrapped in {@code allOf}, since OpenAPI 3.0 ignores siblings of {@code $ref}); one the record leaves out when
 * empty ({@code @JsonInclude(NON_NULL)}) is optional; every other field of a schema that only answers use is
 * {@code required}. Request bodies keep what their bean validation says.
 */
public class ApiSchemas implements ModelConverter {
    /** Marks a property as left out when empty; read and removed by {@link #requireWhatIsPromised}. */
    static final String OPTIONAL = "x-stockade-optional";

    private static final String REF_PREFIX = "#/components/schemas/";
    private static final Pattern DIGITS = Pattern.compile("\\^\\\\d\\{(\\d+)}\\$");

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (!chain.hasNext()) {
            return null;
        }
        Schema resolved = chain.next().resolve(type, context, chain);
        if (resolved == null || type.getType() == null) {
            return resolved;
        }
        Class<?> raw =
                TypeFactory.defaultInstance().constructType(type.getType()).getRawClass();
        if (raw == null || raw.getName().startsWith("java.")) {
            return resolved;
        }
        Schema model = resolved;
        if (resolved.get$ref() != null && context.getDefinedModels() != null) {
            model = context.getDefinedModels().get(name(resolved.get$ref()));
        }
        if (model != null && model.getProperties() != null) {
            mark(raw, model.getProperties());
        }
        return resolved;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void mark(Class<?> raw, Map<String, Schema> properties) {
        boolean classOmitsEmpty = omitsEmpty(raw.getAnnotation(JsonInclude.class));
        for (Member m : members(raw)) {
            Schema property = properties.get(m.name());
            if (property == null) {
                continue;
            }
            bounds(m, property);
            if (m.has(Nullable.class)) {
                properties.put(m.name(), nullable(property));
            } else if (classOmitsEmpty || omitsEmpty(m.get(JsonInclude.class))) {
                property.addExtension(OPTIONAL, Boolean.TRUE);
            }
        }
    }

    /**
     * What bean validation enforces and springdoc does not write down: {@code @Positive} and
     * {@code @PositiveOrZero} as minimum, and patterns anchored as Java's whole-value match reads them (a JSON
     * Schema pattern matches anywhere in the value otherwise).
     */
    @SuppressWarnings("rawtypes")
    private static void bounds(Member member, Schema property) {
        if (property.getMinimum() == null) {
            if (member.has(Positive.class)) {
                property.setMinimum(BigDecimal.ONE);
            } else if (member.has(PositiveOrZero.class)) {
                property.setMinimum(BigDecimal.ZERO);
            }
        }
        strings(property);
        if (property.getItems() != null) {
            strings(property.getItems());
        }
    }

    /**
     * Lengths that follow from a string's format or pattern (a UUID is 36 characters, an ISO-8601 date 10, a
     * six-digit code 6): the server refuses anything longer as unparsable.
     */
    @SuppressWarnings("rawtypes")
    static void strings(Schema property) {
        anchor(property);
        if (!"string".equals(property.getType()) || property.getMaxLength() != null || property.getEnum() != null) {
            return;
        }
        String format = property.getFormat() == null ? "" : property.getFormat();
        switch (format) {
            case "uuid" -> property.setMaxLength(36);
            case "date" -> property.setMaxLength(10);
            case "date-time" -> property.setMaxLength(40);
            default -> {
                Matcher digits = DIGITS.matcher(property.getPattern() == null ? "" : property.getPattern());
                if (digits.matches()) {
                    property.setMaxLength(Integer.parseInt(digits.group(1)));
                }
            }
        }
    }

    @SuppressWarnings("rawtypes")
    static void anchor(Schema property) {
        String pattern = property.getPattern();
        if (pattern != null && !pattern.startsWith("^")) {
            property.setPattern(pattern.contains("|") ? "^(?:" + pattern + ")$" : "^" + pattern + "$");
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property) {
        if (Boolean.TRUE.equals(property.getNullable())) {
            return property;
        }
        if (property.get$ref() == null) {
            property.setNullable(true);
            return property;
        }
        Schema wrapped = new ComposedSchema().allOf(List.of(new Schema<>().$ref(property.get$ref())));
        wrapped.setNullable(true);
        wrapped.setDescription(property.getDescription());
        return wrapped;
    }

    /**
     * A property and where its annotations are: a record component keeps only those that target components
     * (such as {@link Nullable}); Jackson's and bean validation's land on the field and the accessor.
     */
    private record Member(String name, List<AnnotatedElement> elements) {
        <A extends Annotation> A get(Class<A> type) {
            for (AnnotatedElement e : elements) {
                A a = e.getAnnotation(type);
                if (a != null) {
                    return a;
                }
            }
            return null;
        }

        boolean has(Class<? extends Annotation> type) {
            return get(type) != null;
        }
    }

    private static List<Member> members(Class<?> raw) {
        List<Member> members = new ArrayList<>();
        if (raw.isRecord()) {
            for (RecordComponent c : raw.getRecordComponents()) {
                List<AnnotatedElement> elements = new ArrayList<>(List.of(c, c.getAccessor()));
                try {
                    elements.add(raw.getDeclaredField(c.getName()));
                } catch (NoSuchFieldException e) {
                    // every component has its field; nothing more to read if not
                }
                members.add(new Member(jsonName(elements, c.getName()), elements));
            }
            return members;
        }
        for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    members.add(new Member(jsonName(List.of(f), f.getName()), List.of(f)));
                }
            }
        }
        return members;
    }

    private static String jsonName(List<AnnotatedElement> elements, String fallback) {
        for (AnnotatedElement e : elements) {
            JsonProperty p = e.getAnnotation(JsonProperty.class);
            if (p != null && !p.value().isEmpty()) {
                return p.value();
            }
        }
        return fallback;
    }

    private static boolean omitsEmpty(JsonInclude include) {
        return include != null && include.value() != JsonInclude.Include.ALWAYS;
    }

    /**
     * Makes every field of an answer-only schema that is neither nullable nor left out when empty
     * {@code required}, then removes the working marks.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static void requireWhatIsPromised(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        List<Schema> answers = new ArrayList<>();
        List<Schema> requests = new ArrayList<>();
        if (api.getPaths() != null) {
            api.getPaths()
                    .values()
                    .forEach(item -> item.readOperationsMap().values().forEach(op -> {
                        collect(op, answers, requests);
                    }));
        }
        Set<String> answerOnly = reachable(answers, schemas);
        answerOnly.removeAll(reachable(requests, schemas));
        for (Map.Entry<String, Schema> e : schemas.entrySet()) {
            Map<String, Schema> properties = e.getValue().getProperties();
            if (properties == null) {
                continue;
            }
            if (answerOnly.contains(e.getKey())) {
                List<String> required = new ArrayList<>();
                properties.forEach((name, p) -> {
                    boolean optional =
                            p.getExtensions() != null && p.getExtensions().containsKey(OPTIONAL);
                    if (!optional && !Boolean.TRUE.equals(p.getNullable())) {
                        required.add(name);
                    }
                });
                e.getValue().setRequired(required.isEmpty() ? null : required);
            }
            properties.values().forEach(p -> {
                if (p.getExtensions() != null) {
                    p.getExtensions().remove(OPTIONAL);
                    if (p.getExtensions().isEmpty()) {
                        p.setExtensions(null);
                    }
                }
            });
        }
    }

    @SuppressWarnings("rawtypes")
    private static void collect(Operation op, List<Schema> answers, List<Schema> requests) {
        RequestBody body = op.getRequestBody();
        if (body != null && body.getContent() != null) {
            body.getContent().values().forEach(mt -> requests.add(mt.getSchema()));
        }
        if (op.getResponses() != null) {
            for (ApiResponse r : op.getResponses().values()) {
                Content content = r.getContent();
                if (content != null) {
                    content.values().forEach(mt -> answers.add(mt.getSchema()));
                }
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Set<String> reachable(Collection<Schema> roots, Map<String, Schema> schemas) {
        Set<String> names = new HashSet<>();
        Deque<Schema> todo = new ArrayDeque<>();
        roots.forEach(s -> {
            if (s != null) {
                todo.add(s);
            }
        });
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (s.get$ref() != null) {
                String name = name(s.get$ref());
                if (names.add(name) && schemas.get(name) != null) {
                    todo.add(schemas.get(name));
                }
                continue;
            }
            if (s.getProperties() != null) {
                ((Map<String, Schema>) s.getProperties()).values().forEach(todo::add);
            }
            if (s.getItems() != null) {
                todo.add(s.getItems());
            }
            if (s.getAdditionalProperties() instanceof Schema a) {
                todo.add(a);
            }
            if (s.getAllOf() != null) {
                ((List<Schema>) s.getAllOf()).forEach(todo::add);
            }
        }
        return names;
    }

    private static String name(String ref) {
        return ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : ref;
    }
}
