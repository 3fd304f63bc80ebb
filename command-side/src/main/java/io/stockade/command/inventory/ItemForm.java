package io.stockade.command.inventory;

import io.stockade.api.inventory.CreateItem;
import io.stockade.platform.errors.ProblemException;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Seed 004's multipart create: form fields read into the same request as the JSON create, then validated. */
@Component
class ItemForm {
    private final Validator validator;

    ItemForm(Validator validator) {
        this.validator = validator;
    }

    CreateItem read(Map<String, String> form) {
        CreateItem body = new CreateItem(
                form.get("name"),
                form.get("sku"),
                form.get("location"),
                uuidParam("categoryId", form.getOrDefault("categoryId", form.get("category"))),
                uuidParam("subCategoryId", form.getOrDefault("subCategoryId", form.get("subCategory"))),
                form.get("shelf"),
                form.get("description"),
                intParam("currentStock", form.get("currentStock")),
                intParam("minThreshold", form.get("minThreshold")));
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations.stream()
                    .map(v ->
                            new ProblemException.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .toList());
        }
        return body;
    }

    private static UUID uuidParam(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(field, field + " must be an id");
        }
    }

    private static Integer intParam(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.validation(field, field + " must be a whole number");
        }
    }
}
