package io.stockade.api.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of an answer that the server sends as JSON {@code null} when it has no value (an item without a
 * category, a page without a next cursor). The API document marks it {@code nullable} and leaves it out of
 * {@code required}; every field of an answer without it is promised to be present and non-null. Plain Java, so
 * the contract module stays free of web libraries.
 *
 * <p>Only for values, not for nested objects: OpenAPI 3.0 has no form for "this schema or null" that
 * validators agree on ({@code allOf} with {@code nullable} is refused for null by Atlassian's validator, as
 * the 3.0.3 text allows), so an object that may be missing is left out instead
 * ({@code @JsonInclude(NON_NULL)}) and documented as optional.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Nullable {}
