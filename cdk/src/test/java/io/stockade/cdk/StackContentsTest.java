package io.stockade.cdk;

import static io.stockade.cdk.Resources.asList;
import static io.stockade.cdk.Resources.at;
import static io.stockade.cdk.Resources.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.cdk.stacks.ServicesStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What each stack holds, beyond the cross-cutting properties (SecurityPropertiesTest). */
class StackContentsTest {
    private final Deployment jdbc = Synthesized.JDBC;
    private final Deployment axon = Synthesized.AXON_SERVER;

    @Test
    void shouldSpreadTheNetworkOverTwoZonesWithEndpointsWhenServicesCallAws() {
        List<Map<String, Object>> subnets =
                new ArrayList<>(Resources.of(jdbc.network(), "AWS::EC2::Subnet").values().stream()
                        .map(Resources::props)
                        .toList());
        assertThat(subnets).hasSize(6).allSatisfy(s -> assertThat(s).containsEntry("MapPublicIpOnLaunch", false));
        assertThat(subnets.stream().map(s -> s.get("AvailabilityZone")).distinct())
                .containsExactlyInAnyOrder("eu-west-1a", "eu-west-1b");
        String endpoints = Resources.of(jdbc.network(), "AWS::EC2::VPCEndpoint").toString();
        assertThat(endpoints)
                .contains(
                        ".s3",
                        ".ecr.api",
                        ".ecr.dkr",
                        ".logs",
                        ".secretsmanager",
                        ".kms",
                        ".sts",
                        ".email",
                        ".aps-workspaces");
        assertThat(Resources.of(jdbc.network(), "AWS::EC2::Instance")).isEmpty();
    }

    @Test
    void shouldConnectToTheDatabaseOverVerifiedTlsWithRotatedSecretsWhenServicesStart() {
        Map<String, Object> app = container(jdbc, "CommandSide", "app");
        String env = app.get("Environment").toString();
        assertThat(env).contains("sslmode=verify-full", "sslrootcert=/etc/stockade/rds-global-bundle.pem");
        // Three roles rotate: the administrator, the application role and the schema owner.
        assertThat(Resources.of(jdbc.data(), "AWS::SecretsManager::RotationSchedule"))
                .hasSize(3);
        Map<String, Object> db = Resources.single(jdbc.data(), "AWS::RDS::DBInstance");
        assertThat(db.get("MasterUserPassword").toString()).contains("{{resolve:secretsmanager:");
        assertThat(db).containsEntry("MultiAZ", true);
        Map<String, Object> redis = Resources.single(jdbc.data(), "AWS::ElastiCache::ReplicationGroup");
        // AUTH from Secrets Manager: a dynamic reference, never the token itself.
        assertThat(redis.get("AuthToken").toString()).startsWith("{Fn::Join=[, [{{resolve:secretsmanager:");
        assertThat(redis).containsEntry("MultiAZEnabled", true);
    }

    @Test
    void shouldKeepPasswordsOutOfTheTaskEnvironmentWhenTheyComeFromSecretsManager() {
        for (String side : List.of("CommandSide", "QuerySide")) {
            Map<String, Object> app = container(jdbc, side, "app");
            List<String> names = asList(app.get("Environment")).stream()
                    .map(e -> at(e, "Name").toString())
                    .toList();
            assertThat(names)
                    .noneMatch(n -> n.endsWith("PASSWORD") || n.endsWith("PRIVATE_KEY") || n.endsWith("SIGNING_KEY"));
            List<String> secrets = asList(app.get("Secrets")).stream()
                    .map(e -> at(e, "Name").toString())
                    .toList();
            assertThat(secrets)
                    .contains(
                            "SPRING_DATASOURCE_PASSWORD",
                            "STOCKADE_DB_MIGRATION_PASSWORD",
                            "STOCKADE_SECURITY_REDIS_URL",
                            "STOCKADE_JWT_PRIVATE_KEY",
                            "STOCKADE_AUDIT_SIGNING_KEY");
            assertThat(app.get("Environment").toString()).contains("MANAGEMENT_SERVER_ADDRESS, Value=127.0.0.1");
        }
    }

    @Test
    void shouldCheckEachServiceContainersHealthSoCloudMapListsOnlyTasksThatAnswer() {
        for (String side : List.of("CommandSide", "QuerySide")) {
            Map<String, Object> check =
                    (Map<String, Object>) container(jdbc, side, "app").get("HealthCheck");
            assertThat(check).as(side).isNotNull();
            assertThat(check.get("Command").toString()).contains("CMD-SHELL", "http://127.0.0.1:8080/health");
            assertThat(check).containsEntry("StartPeriod", 90).containsEntry("Retries", 3);
        }
    }

    @Test
    void shouldChooseTheEventStoreByTheContextFlagWhenDeployed() {
        assertThat(jdbc.eventStore()).isNull();
        assertThat(container(jdbc, "CommandSide", "app").get("Environment").toString())
                .contains("AXON_AXONSERVER_ENABLED, Value=false");
        assertThat(container(axon, "CommandSide", "app").get("Environment").toString())
                .contains("AXON_AXONSERVER_ENABLED, Value=true", "axonserver.stockade.internal:8124");
        Map<String, Object> volume =
                (Map<String, Object>) asList(Resources.single(axon.eventStore(), "AWS::ECS::TaskDefinition")
                                .get("Volumes"))
                        .get(0);
        assertThat(at(volume, "EFSVolumeConfiguration", "TransitEncryption")).isEqualTo("ENABLED");
        assertThat(at(volume, "EFSVolumeConfiguration", "AuthorizationConfig", "IAM"))
                .isEqualTo("ENABLED");
        assertThat(Resources.single(axon.eventStore(), "AWS::ECS::Service")).containsEntry("DesiredCount", 1);
        // Axon Server admits only the services, on its gRPC port.
        List<Object> rules = Resources.of(axon.network(), "AWS::EC2::SecurityGroupIngress").values().stream()
                .map(Resources::props)
                .filter(r -> Integer.valueOf(8124).equals(r.get("FromPort")))
                .collect(Collectors.toList());
        assertThat(rules).hasSize(1).allSatisfy(r -> assertThat(r.toString()).contains("SourceSecurityGroupId"));
    }

    @Test
    void shouldLetTheQuerySideCallTheCommandSideByNameWhenTheEventsLiveInPostgres() {
        assertThat(environment(jdbc, "QuerySide"))
                .containsEntry("STOCKADE_COMMAND_SIDE_URL", "http://command-side.stockade-services.internal:8080")
                .containsEntry("STOCKADE_COMMAND_SIDE_URL", ServicesStack.COMMAND_SIDE_URL);
        assertThat(environment(jdbc, "CommandSide")).doesNotContainKey("STOCKADE_COMMAND_SIDE_URL");

        // The URL's host is the command-side service's name in the namespace the stack creates.
        Map<String, Map<String, Object>> namespaces =
                Resources.of(jdbc.services(), "AWS::ServiceDiscovery::PrivateDnsNamespace");
        assertThat(namespaces).hasSize(1);
        String namespaceId = namespaces.keySet().iterator().next();
        assertThat(props(namespaces.get(namespaceId))).containsEntry("Name", ServicesStack.DISCOVERY_NAMESPACE);
        Map<String, Map<String, Object>> registries = Resources.of(jdbc.services(), "AWS::ServiceDiscovery::Service");
        assertThat(registries).hasSize(1);
        String registryId = registries.keySet().iterator().next();
        Map<String, Object> registry = props(registries.get(registryId));
        assertThat(registry).containsEntry("Name", "command-side");
        assertThat(at(registry, "DnsConfig", "NamespaceId"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(namespaceId, "Id")));
        assertThat(asList(at(registry, "DnsConfig", "DnsRecords")).toString()).contains("Type=A");
        assertThat(at(ecsService(jdbc, "CommandSide"), "ServiceRegistries", 0, "RegistryArn"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(registryId, "Arn")));
        assertThat(ecsService(jdbc, "QuerySide")).doesNotContainKey("ServiceRegistries");

        // Axon Server routes queries between the services: no address, no namespace, no registry.
        assertThat(environment(axon, "QuerySide")).doesNotContainKey("STOCKADE_COMMAND_SIDE_URL");
        assertThat(Resources.of(axon.services(), "AWS::ServiceDiscovery::PrivateDnsNamespace"))
                .isEmpty();
        assertThat(ecsService(axon, "CommandSide")).doesNotContainKey("ServiceRegistries");
    }

    @Test
    void shouldAdmitTheServicesToEachOthersAppPortOnlyWhenTheEventsLiveInPostgres() {
        // Both sides share the services group: a rule naming the group itself, on the application port alone.
        List<Map<String, Object>> ingress = selfRules(jdbc, "AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId");
        assertThat(ingress).singleElement().satisfies(rule -> {
            assertThat(rule)
                    .containsEntry("IpProtocol", "tcp")
                    .containsEntry("FromPort", 8080)
                    .containsEntry("ToPort", 8080);
            assertThat(at(rule, "GroupId").toString()).contains("Services");
            assertThat(rule.get("Description").toString()).contains("query-side to command-side");
        });
        // The group allows no outbound traffic by default: the same hop needs its egress rule too.
        List<Map<String, Object>> egress =
                selfRules(jdbc, "AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId");
        assertThat(egress)
                .singleElement()
                .satisfies(
                        rule -> assertThat(rule).containsEntry("FromPort", 8080).containsEntry("ToPort", 8080));
        assertThat(selfRules(axon, "AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId"))
                .isEmpty();
        assertThat(selfRules(axon, "AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId"))
                .isEmpty();
    }

    @Test
    void shouldRouteByPathAsTheRoutingTableSaysWhenRequestsReachTheLoadBalancer() {
        RouteTable table = RouteTable.load();
        List<Map<String, Object>> rules =
                Resources.of(jdbc.services(), "AWS::ElasticLoadBalancingV2::ListenerRule").values().stream()
                        .map(Resources::props)
                        .sorted((a, b) -> Integer.compare(
                                ((Number) a.get("Priority")).intValue(), ((Number) b.get("Priority")).intValue()))
                        .toList();
        assertThat(rules).hasSize(table.routes().size());
        for (int i = 0; i < rules.size(); i++) {
            RouteTable.Route route = table.routes().get(i);
            Map<String, Object> rule = rules.get(i);
            String conditions = rule.get("Conditions").toString();
            assertThat(conditions).contains("PathPatternConfig={Values=" + route.paths() + "}");
            if (!route.methods().isEmpty()) {
                assertThat(conditions).contains("HttpRequestMethodConfig={Values=" + route.methods() + "}");
            }
            String target = at(rule, "Actions", 0, "TargetGroupArn").toString();
            assertThat(target)
                    .contains(
                            route.service().equals(RouteTable.COMMAND_SIDE)
                                    ? "CommandSideTargets"
                                    : "QuerySideTargets");
        }
        Map<String, Object> listener = Resources.single(jdbc.services(), "AWS::ElasticLoadBalancingV2::Listener");
        assertThat(at(listener, "DefaultActions", 0, "TargetGroupArn").toString())
                .contains("QuerySideTargets");
    }

    @Test
    void shouldGiveEachSideOnlyThePermissionsItsWorkNeedsWhenTasksRun() {
        String command = taskPolicy("CommandSide");
        String query = taskPolicy("QuerySide");
        assertThat(command).contains("ses:SendEmail", "kms:Encrypt", "kms:Decrypt", "aps:RemoteWrite");
        assertThat(command).doesNotContain("s3:", "kms:GenerateDataKey", "kms:ReEncrypt");
        assertThat(query).contains("s3:PutObject", "kms:Encrypt", "kms:Decrypt", "aps:RemoteWrite");
        assertThat(query).doesNotContain("ses:", "s3:DeleteObject", "s3:PutBucket");
        assertThat(everyTaskAutoscales()).isTrue();
    }

    @Test
    void shouldScrapeTheManagementPortAndEvaluateTheOpsRulesWhenMetricsFlow() throws Exception {
        String collector =
                container(jdbc, "QuerySide", "metrics").get("Environment").toString();
        assertThat(collector).contains("127.0.0.1:8081", "/actuator/prometheus", "sigv4auth");
        Map<String, Object> rules = Resources.single(jdbc.services(), "AWS::APS::RuleGroupsNamespace");
        assertThat(rules.get("Data"))
                .isEqualTo(Files.readString(Path.of("..", "ops", "prometheus", "rules", "stockade.yml")));
        assertThat(Resources.single(jdbc.services(), "AWS::APS::Workspace")
                        .get("AlertManagerDefinition")
                        .toString())
                .contains("sns_configs");
        String alarms = Resources.of(jdbc.services(), "AWS::CloudWatch::Alarm").toString();
        assertThat(alarms).contains("AWS/ApplicationELB", "AWS/RDS", "AWS/ECS", "AlarmActions");
    }

    @Test
    void shouldServeTheJarsHeadersFromCloudFrontWhenTheSpaLoads() {
        List<Map<String, Object>> policies =
                Resources.of(jdbc.edge(), "AWS::CloudFront::ResponseHeadersPolicy").values().stream()
                        .map(p -> (Map<String, Object>) props(p).get("ResponseHeadersPolicyConfig"))
                        .toList();
        assertThat(policies).hasSize(2);
        assertThat(policies.stream().map(p -> at(p, "SecurityHeadersConfig", "ContentSecurityPolicy", "Override")))
                .containsExactlyInAnyOrder(true, false);
        for (Map<String, Object> policy : policies) {
            Object security = policy.get("SecurityHeadersConfig");
            assertThat(at(security, "ContentSecurityPolicy", "ContentSecurityPolicy"))
                    .isEqualTo(JarSecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(at(security, "StrictTransportSecurity", "AccessControlMaxAgeSec"))
                    .isEqualTo(31536000);
            assertThat(at(security, "StrictTransportSecurity", "IncludeSubdomains"))
                    .isEqualTo(true);
            assertThat(at(security, "StrictTransportSecurity", "Preload")).isEqualTo(false);
            assertThat(at(security, "FrameOptions", "FrameOption")).isEqualTo(JarSecurityHeaders.FRAME_OPTIONS);
            assertThat(at(security, "ReferrerPolicy", "ReferrerPolicy")).isEqualTo(JarSecurityHeaders.REFERRER_POLICY);
            assertThat(at(security, "ContentTypeOptions")).isNotNull();
            assertThat(at(security, "XSSProtection", "Protection")).isEqualTo(false);
            assertThat(asList(at(policy, "CustomHeadersConfig", "Items")).toString())
                    .contains(
                            "Header=Permissions-Policy",
                            "Value=" + JarSecurityHeaders.PERMISSIONS_POLICY,
                            "Header=Cross-Origin-Opener-Policy",
                            "Value=" + JarSecurityHeaders.CROSS_ORIGIN_OPENER_POLICY);
        }
        Map<String, Object> distribution = Resources.single(jdbc.edge(), "AWS::CloudFront::Distribution");
        Object api = at(distribution, "DistributionConfig", "CacheBehaviors", 0);
        assertThat(at(api, "PathPattern")).isEqualTo("/api/*");
        assertThat(asList(at(api, "AllowedMethods"))).hasSize(7);
        // Managed policy CachingDisabled: the API is never cached.
        assertThat(at(api, "CachePolicyId")).isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(at(distribution, "DistributionConfig", "Origins", 0, "OriginAccessControlId"))
                .isNotNull();
    }

    @Test
    void shouldLimitRatesTighterOnSignInWhenTheWebAclCounts() {
        Map<String, Object> acl = Resources.single(jdbc.edge(), "AWS::WAFv2::WebACL");
        String rules = acl.get("Rules").toString();
        assertThat(rules)
                .contains(
                        "AWSManagedRulesCommonRuleSet",
                        "AWSManagedRulesKnownBadInputsRuleSet",
                        "AWSManagedRulesAmazonIpReputationList",
                        "AWSManagedRulesSQLiRuleSet");
        Map<Object, Object> limits = asList(acl.get("Rules")).stream()
                .filter(r -> at(r, "Statement", "RateBasedStatement") != null)
                .collect(Collectors.toMap(
                        r -> at(
                                r,
                                "Statement",
                                "RateBasedStatement",
                                "ScopeDownStatement",
                                "ByteMatchStatement",
                                "SearchString"),
                        r -> at(r, "Statement", "RateBasedStatement", "Limit")));
        assertThat(limits).containsEntry("/api/auth/", 100).containsEntry("/api/", 10000);
    }

    @Test
    void shouldLockAuditCheckpointsInComplianceModeAndWrapPersonalKeysInKmsWhenOperating() {
        Map<String, Map<String, Object>> buckets = Resources.of(jdbc.operations(), "AWS::S3::Bucket");
        Map<String, Object> checkpoints = buckets.entrySet().stream()
                .filter(e -> e.getKey().startsWith("AuditCheckpoints"))
                .map(e -> props(e.getValue()))
                .findFirst()
                .orElseThrow();
        assertThat(checkpoints).containsEntry("ObjectLockEnabled", true);
        assertThat(at(checkpoints, "ObjectLockConfiguration", "Rule", "DefaultRetention"))
                .isEqualTo(Map.of("Mode", "COMPLIANCE", "Days", 2557));
        assertThat(at(checkpoints, "VersioningConfiguration", "Status")).isEqualTo("Enabled");
        assertThat(Resources.single(jdbc.operations(), "AWS::KMS::Alias"))
                .containsEntry("AliasName", "alias/stockade/personal-data");
        assertThat(Resources.of(jdbc.operations(), "AWS::KMS::Key").values().stream()
                        .map(Resources::props)
                        .filter(k -> k.get("Description").toString().contains("per-person data keys")))
                .singleElement()
                .satisfies(k -> assertThat(k)
                        .containsEntry("EnableKeyRotation", true)
                        .containsEntry("RotationPeriodInDays", 365));
        assertThat(Resources.single(jdbc.operations(), "AWS::SES::EmailIdentity"))
                .containsEntry("EmailIdentity", "stockade.example.com");
    }

    private boolean everyTaskAutoscales() {
        List<Map<String, Object>> targets =
                Resources.of(jdbc.services(), "AWS::ApplicationAutoScaling::ScalableTarget").values().stream()
                        .map(Resources::props)
                        .toList();
        return targets.size() == 2
                && targets.stream().allMatch(t -> Integer.valueOf(2).equals(t.get("MinCapacity")));
    }

    private String taskPolicy(String side) {
        return Resources.of(jdbc.services(), "AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith(side + "TaskTaskRoleDefaultPolicy"))
                .map(e -> props(e.getValue()).toString())
                .collect(Collectors.joining());
    }

    /** Rules of the network stack whose group and peer are the same group. */
    private static List<Map<String, Object>> selfRules(Deployment d, String type, String peer) {
        return Resources.of(d.network(), type).values().stream()
                .map(Resources::props)
                .filter(r -> r.get("GroupId") != null && r.get("GroupId").equals(r.get(peer)))
                .toList();
    }

    private static Map<String, String> environment(Deployment d, String side) {
        return asList(container(d, side, "app").get("Environment")).stream()
                .collect(Collectors.toMap(e -> at(e, "Name").toString(), e -> String.valueOf(at(e, "Value"))));
    }

    private static Map<String, Object> ecsService(Deployment d, String side) {
        return Resources.of(d.services(), "AWS::ECS::Service").entrySet().stream()
                .filter(e -> e.getKey().startsWith(side + "Service"))
                .map(e -> props(e.getValue()))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Deployment d, String side, String name) {
        return Resources.of(d.services(), "AWS::ECS::TaskDefinition").entrySet().stream()
                .filter(e -> e.getKey().startsWith(side + "Task"))
                .flatMap(e -> asList(props(e.getValue()).get("ContainerDefinitions")).stream())
                .map(c -> (Map<String, Object>) c)
                .filter(c -> name.equals(c.get("Name")))
                .findFirst()
                .orElseThrow();
    }
}
