package io.stockade.api.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable name a message is stored and routed under. Stored events name their type by this
 * value, not by the Java class, so a class can move or be renamed without orphaning history.
 * Once an event has been published its name is never changed; add a new event or an upcaster.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessageType {
    String value();
}
