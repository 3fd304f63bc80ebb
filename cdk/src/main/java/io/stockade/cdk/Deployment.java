package io.stockade.cdk;

import io.stockade.cdk.stacks.DataStack;
import io.stockade.cdk.stacks.EdgeStack;
import io.stockade.cdk.stacks.EventStoreStack;
import io.stockade.cdk.stacks.NetworkStack;
import io.stockade.cdk.stacks.OperationsStack;
import io.stockade.cdk.stacks.ServicesStack;
import java.util.Map;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * Stockade's stacks in dependency order: network, data, event store (only in {@code axonserver} mode),
 * operations, services, edge. Every stack names its account and region (no look-up at synthesis); the
 * edge stack lives in us-east-1 and reads the load balancer through CDK's cross-region references.
 */
public record Deployment(
        NetworkStack network,
        DataStack data,
        EventStoreStack eventStore,
        OperationsStack operations,
        ServicesStack services,
        EdgeStack edge) {

    public static Deployment create(Construct scope, DeploymentConfig config, RouteTable routes) {
        StackProps regional = props(config, config.region(), "");
        NetworkStack network = new NetworkStack(scope, "StockadeNetwork", regional, config);
        DataStack data = new DataStack(scope, "StockadeData", regional, network);
        EventStoreStack eventStore = config.eventStore() == DeploymentConfig.EventStore.AXON_SERVER
                ? new EventStoreStack(scope, "StockadeEventStore", regional, network)
                : null;
        OperationsStack operations =
                new OperationsStack(scope, "StockadeOperations", regional, config, data, eventStore);
        ServicesStack services = new ServicesStack(
                scope,
                "StockadeServices",
                props(config, config.region(), "services"),
                config,
                network,
                data,
                eventStore,
                operations,
                routes);
        EdgeStack edge = new EdgeStack(
                scope, "StockadeEdge", props(config, DeploymentConfig.EDGE_REGION, "edge"), config, services);
        Tags.of(scope).add("application", "stockade");
        return new Deployment(network, data, eventStore, operations, services, edge);
    }

    private static StackProps props(DeploymentConfig config, String region, String role) {
        return StackProps.builder()
                .env(Environment.builder()
                        .account(config.account())
                        .region(region)
                        .build())
                .terminationProtection(true)
                // The edge stack (us-east-1) reads the services stack's load balancer in another region.
                .crossRegionReferences(!role.isEmpty() && !config.region().equals(DeploymentConfig.EDGE_REGION))
                .tags(Map.of("stockade:stack-role", role.isEmpty() ? "regional" : role))
                .build();
    }
}
