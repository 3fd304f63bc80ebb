package io.stockade.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;

/** Plain-map access to a synthesised template's resources, for assertions AssertJ can explain. */
final class Resources {
    private Resources() {}

    /** Resources of {@code type} in {@code stack}: logical id → resource (Type, Properties, DeletionPolicy…). */
    static Map<String, Map<String, Object>> of(Stack stack, String type) {
        return Synthesized.template(stack).findResources(type);
    }

    /** The properties of every resource of {@code type} in every stack of both variants. */
    static List<Map<String, Object>> everywhere(String type) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Stack stack : Synthesized.allStacks()) {
            of(stack, type).values().forEach(r -> all.add(props(r)));
        }
        return all;
    }

    /** Whole resources (with DeletionPolicy) of {@code type} in every stack of both variants. */
    static List<Map<String, Object>> everywhereWhole(String type) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Stack stack : Synthesized.allStacks()) {
            all.addAll(of(stack, type).values());
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        Object p = resource.get("Properties");
        return p == null ? Map.of() : (Map<String, Object>) p;
    }

    /** The single resource of {@code type} in {@code stack}'s properties. */
    static Map<String, Object> single(Stack stack, String type) {
        Map<String, Map<String, Object>> all = of(stack, type);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + type + " in " + stack.getStackName() + ", found " + all.size());
        }
        return props(all.values().iterator().next());
    }

    /** Follows a path of map keys and list indexes. */
    @SuppressWarnings("unchecked")
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer i) {
                current = list.get(i);
            } else {
                return null;
            }
        }
        return current;
    }

    /** A value that may be one item or a list, as a list (IAM's Action and Resource). */
    static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
    }
}
