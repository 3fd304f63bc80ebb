package io.stockade.cdk;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import software.constructs.Node;

/**
 * Everything a deployment differs by, read from the CDK context (cdk.json, or {@code -c key=value}). No
 * value is looked up in an AWS account: synthesis runs offline, and a missing value fails it at once.
 *
 * @param account the AWS account the stacks deploy to
 * @param region the region of every stack but the edge one
 * @param availabilityZones two zones of {@code region}, named so no look-up is needed
 * @param eventStore where Axon keeps the events (see {@link EventStore})
 * @param domainName the address people open (CloudFront), e.g. {@code stockade.example.com}
 * @param edgeCertificateArn an ACM certificate for {@code domainName} in us-east-1 (CloudFront's region)
 * @param originDomainName the name CloudFront connects to the internal load balancer by (TLS, SNI)
 * @param originCertificateArn an ACM certificate for {@code originDomainName} in {@code region}
 * @param mailDomain the SES domain identity mail is sent from
 * @param alarmEmail who receives alarms (SNS e-mail subscription)
 * @param checkpointRetentionDays how long S3 Object Lock (compliance mode) keeps every audit checkpoint
 */
public record DeploymentConfig(
        String account,
        String region,
        List<String> availabilityZones,
        EventStore eventStore,
        String domainName,
        String edgeCertificateArn,
        String originDomainName,
        String originCertificateArn,
        String mailDomain,
        String alarmEmail,
        int checkpointRetentionDays) {

    /** CloudFront's certificates and CLOUDFRONT-scoped web ACLs live only here. */
    public static final String EDGE_REGION = "us-east-1";

    /**
     * Where Axon keeps the events. {@code jdbc} (the default) keeps them in the RDS PostgreSQL: the audit
     * ledger's sealer (issue 14) reads the event rows from PostgreSQL to hash and sign them, so tamper
     * evidence exists only on the JDBC event store. {@code axonserver} runs Axon Server on ECS with its
     * data on encrypted EFS; the ledger then has nothing to seal.
     */
    public enum EventStore {
        JDBC,
        AXON_SERVER;

        static EventStore parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "jdbc" -> JDBC;
                case "axonserver" -> AXON_SERVER;
                default ->
                    throw new IllegalArgumentException(
                            "stockade:eventStore must be jdbc or axonserver, was '" + value + "'");
            };
        }
    }

    public DeploymentConfig {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException("stockade:account must be a 12-digit AWS account id");
        }
        if (availabilityZones.size() != 2) {
            throw new IllegalArgumentException("stockade:availabilityZones must name two zones");
        }
        availabilityZones = List.copyOf(availabilityZones);
        if (checkpointRetentionDays < 1) {
            throw new IllegalArgumentException("stockade:checkpointRetentionDays must be at least 1");
        }
    }

    /** Reads the {@code stockade:*} context keys; every key but the zones and event store is required. */
    public static DeploymentConfig fromContext(Node node) {
        String region = required(node, "stockade:region");
        Object zones = node.tryGetContext("stockade:availabilityZones");
        List<String> availabilityZones = zones instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : zones instanceof String s && !s.isBlank()
                        ? List.of(s.split(","))
                        : List.of(region + "a", region + "b");
        Object eventStore = node.tryGetContext("stockade:eventStore");
        return new DeploymentConfig(
                required(node, "stockade:account"),
                region,
                availabilityZones,
                EventStore.parse(eventStore == null ? "jdbc" : eventStore.toString()),
                required(node, "stockade:domainName"),
                required(node, "stockade:edgeCertificateArn"),
                required(node, "stockade:originDomainName"),
                required(node, "stockade:originCertificateArn"),
                required(node, "stockade:mailDomain"),
                required(node, "stockade:alarmEmail"),
                Integer.parseInt(required(node, "stockade:checkpointRetentionDays")));
    }

    private static String required(Node node, String key) {
        Object value = node.tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("context value " + key + " is required (cdk.json or -c " + key + "=…)");
        }
        return value.toString();
    }
}
