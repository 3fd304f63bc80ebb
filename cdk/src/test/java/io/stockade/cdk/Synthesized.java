package io.stockade.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.MetadataEntryResult;

/**
 * The one synthesis every test of this module shares (the first costs 20 s and more): the app as cdk.json
 * describes it (event store {@code jdbc}) and, in a stage of the same app, the {@code axonserver}
 * variant. Templates and cdk-nag's findings are read from the resulting cloud assembly; nothing here
 * synthesises again ({@code Template.fromStack} would, once per call).
 */
final class Synthesized {
    static final Deployment JDBC;
    static final Deployment AXON_SERVER;
    private static final CloudAssembly ASSEMBLY;
    private static final CloudAssembly AXON_SERVER_ASSEMBLY;
    private static final Stage AXON_SERVER_STAGE;

    static {
        App app = new App(AppProps.builder()
                .context(cdkJsonContext())
                .outdir("target/cdk-test.out")
                .build());
        JDBC = StockadeApp.build(app);
        AXON_SERVER_STAGE = new Stage(app, "AxonServerVariant");
        AXON_SERVER_STAGE.getNode().setContext("stockade:eventStore", "axonserver");
        AXON_SERVER = StockadeApp.build(AXON_SERVER_STAGE);
        ASSEMBLY = app.synth();
        AXON_SERVER_ASSEMBLY = AXON_SERVER_STAGE.synth();
    }

    private Synthesized() {}

    /** The context of cdk.json: the tests synthesise exactly what `cdk synth` does. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> json = new ObjectMapper().readValue(new File("cdk.json"), Map.class);
            return (Map<String, Object>) json.get("context");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CloudFormationStackArtifact artifact(Stack stack) {
        return Stage.of(stack) == AXON_SERVER_STAGE
                ? AXON_SERVER_ASSEMBLY.getStackArtifact(stack.getArtifactId())
                : ASSEMBLY.getStackArtifact(stack.getArtifactId());
    }

    @SuppressWarnings("unchecked")
    static Template template(Stack stack) {
        return Template.fromJSON((Map<String, Object>) artifact(stack).getTemplate());
    }

    /** Context values a construct asked AWS for (availability zones, AMIs…), in both assemblies. */
    static List<String> missingContext() {
        List<String> keys = new ArrayList<>();
        for (CloudAssembly assembly : List.of(ASSEMBLY, AXON_SERVER_ASSEMBLY)) {
            var missing = assembly.getManifest().getMissing();
            if (missing != null) {
                missing.forEach(m -> keys.add(m.getKey()));
            }
        }
        return keys;
    }

    /** Every stack of both variants. */
    static List<Stack> allStacks() {
        List<Stack> stacks = new ArrayList<>();
        for (Deployment d : List.of(JDBC, AXON_SERVER)) {
            stacks.add(d.network());
            stacks.add(d.data());
            if (d.eventStore() != null) {
                stacks.add(d.eventStore());
            }
            stacks.add(d.operations());
            stacks.add(d.services());
            stacks.add(d.edge());
        }
        assertThat(stacks).hasSize(11);
        return stacks;
    }

    /** Error annotations of a stack (cdk-nag writes its findings as errors): "path: message". */
    static List<String> errors(Stack stack) {
        List<String> errors = new ArrayList<>();
        for (MetadataEntryResult entry : artifact(stack).findMetadataByType("aws:cdk:error")) {
            errors.add(entry.getPath() + ": " + entry.getData());
        }
        return errors;
    }
}
