package io.stockade.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.constructs.Construct;

/** The CDK app: {@code cd cdk && npx cdk synth} runs this through cdk.json. */
public final class StockadeApp {
    private StockadeApp() {}

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Adds the deployment the context describes, checked by cdk-nag's AwsSolutions pack. */
    public static Deployment build(Construct scope) {
        Deployment deployment =
                Deployment.create(scope, DeploymentConfig.fromContext(scope.getNode()), RouteTable.load());
        // Every finding is an error annotation on its resource; suppressions name their reason in code.
        Aspects.of(scope)
                .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return deployment;
    }
}
