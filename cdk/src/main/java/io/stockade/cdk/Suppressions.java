package io.stockade.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.constructs.IConstruct;

/** cdk-nag suppressions, each with the reason it is right here; the caller writes the reason beside the call. */
public final class Suppressions {
    private Suppressions() {}

    /** Suppresses rule {@code id} on {@code construct} and everything below it, for {@code reason}. */
    public static void suppress(IConstruct construct, String id, String reason) {
        NagSuppressions.addResourceSuppressions(
                construct,
                List.of(NagPackSuppression.builder().id(id).reason(reason).build()),
                true);
    }

    /** As {@link #suppress}, limited to findings on the given resources (e.g. {@code Resource::*}). */
    public static void suppress(IConstruct construct, String id, String reason, List<String> appliesTo) {
        NagSuppressions.addResourceSuppressions(
                construct,
                List.of(NagPackSuppression.builder()
                        .id(id)
                        .reason(reason)
                        .appliesTo(List.copyOf(appliesTo))
                        .build()),
                true);
    }
}
