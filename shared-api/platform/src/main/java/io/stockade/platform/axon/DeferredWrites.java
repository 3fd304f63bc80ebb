package io.stockade.platform.axon;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@link SavepointPerEvent} needs to know of a projection that defers its writes to the end of the
 * processor's batch (the query side's write-behind): such a batch runs without a savepoint per event,
 * and a failure in it must stop the batch from committing.
 */
public interface DeferredWrites {

    /** On an event handler: its writes wait for the end of the batch. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Buffered {}

    /**
     * Before a handler of a projection that defers writes: true when its batch defers them (the handler then
     * runs without a savepoint); a handler that is not {@link Buffered} first gets what is waiting sent.
     */
    boolean enter(String processor, boolean buffered);

    /** A handler of a deferring batch failed: the batch must not commit. */
    void failed(String processor);

    /**
     * True while the processor's current batch defers writes: a {@link Buffered} handler that keeps its own
     * writes for the batch's commit may do so; otherwise (no batch, or its retry event by event, each event in
     * its own savepoint so a failing one can be parked) it writes at once.
     */
    boolean deferring(String processor);
}
