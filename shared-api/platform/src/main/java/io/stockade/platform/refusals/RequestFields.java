package io.stockade.platform.refusals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a refused request asked for, read from its JSON body and sorted three ways: secrets (passwords, tokens,
 * one-time codes) are only named, personal values (what a person typed about people: reasons, notes, usernames,
 * e-mails) are handed back to be sealed, everything else (quantities, types, SKUs, roles) is kept as its JSON text.
 */
final class RequestFields {
    /** More is not recorded: a refusal names what was asked, it does not archive bulk uploads. */
    static final int MAX_FIELDS = 50;

    static final int MAX_VALUE = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> SECRET =
            List.of("password", "secret", "token", "otp", "recovery", "credential", "apikey", "api_key", "signature");

    private static final List<String> PERSONAL = List.of(
            "reason",
            "note",
            "comment",
            "email",
            "e-mail",
            "username",
            "fullname",
            "full_name",
            "displayname",
            "phone",
            "firstname",
            "lastname");

    record Sorted(Map<String, String> fields, Map<String, String> personal, List<String> withheld) {
        static final Sorted NONE = new Sorted(Map.of(), Map.of(), List.of());
    }

    private RequestFields() {}

    static boolean secret(String field) {
        String name = field.toLowerCase(Locale.ROOT);
        return name.equals("code") || SECRET.stream().anyMatch(name::contains);
    }

    static boolean personal(String field) {
        String name = field.toLowerCase(Locale.ROOT);
        return PERSONAL.stream().anyMatch(name::contains);
    }

    /** The body's fields sorted; an empty, unreadable or truncated body records none. */
    static Sorted of(byte[] body) {
        if (body == null || body.length == 0) {
            return Sorted.NONE;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return Sorted.NONE;
        }
        if (root == null || root.isMissingNode()) {
            return Sorted.NONE;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> personal = new LinkedHashMap<>();
        List<String> withheld = new ArrayList<>();
        if (root instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            int n = 0;
            while (it.hasNext() && n++ < MAX_FIELDS) {
                Map.Entry<String, JsonNode> f = it.next();
                sort(f.getKey(), f.getValue(), fields, personal, withheld);
            }
        } else {
            sort("body", root, fields, personal, withheld);
        }
        return new Sorted(fields, personal, withheld);
    }

    private static void sort(
            String name,
            JsonNode value,
            Map<String, String> fields,
            Map<String, String> personal,
            List<String> withheld) {
        if (secret(name)) {
            withheld.add(name);
            return;
        }
        boolean isPersonal = personal(name);
        if (value.isContainerNode()) {
            // Nested values are kept whole: secrets inside are cut out and named, and a personal key anywhere
            // inside makes the whole value personal.
            JsonNode copy = value.deepCopy();
            isPersonal |= strip(name, copy, withheld);
            put(isPersonal ? personal : fields, name, text(copy));
        } else {
            put(isPersonal ? personal : fields, name, value.isTextual() ? value.textValue() : value.toString());
        }
    }

    /** Removes secret keys below {@code node}; true when a personal key is found there. */
    private static boolean strip(String path, JsonNode node, List<String> withheld) {
        boolean found = false;
        if (node instanceof ObjectNode object) {
            List<String> secrets = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (secret(f.getKey())) {
                    secrets.add(f.getKey());
                } else {
                    found |= personal(f.getKey()) | strip(path + "." + f.getKey(), f.getValue(), withheld);
                }
            }
            for (String s : secrets) {
                object.remove(s);
                withheld.add(path + "." + s);
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found |= strip(path + "[" + i + "]", node.get(i), withheld);
            }
        }
        return found;
    }

    private static void put(Map<String, String> into, String name, String value) {
        into.put(name, value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "…" : value);
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return "";
        }
    }
}
