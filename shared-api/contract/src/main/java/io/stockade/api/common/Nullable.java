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
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Nullable {}
