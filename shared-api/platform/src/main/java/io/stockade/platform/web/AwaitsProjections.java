package io.stockade.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a write whose caller usually reads its own change next (a created item, an archived one). The write
 * never reads a read model itself: its answer comes from the command's result. A host that also runs the
 * named processing groups (the all-in-one app) may hold the answer, for a bounded time, until they have
 * processed everything up to the write; a command-only service ignores this and reads are eventually
 * consistent there.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AwaitsProjections {
    /** Processing groups, e.g. {@code "inventory-items"}. */
    String[] value();
}
