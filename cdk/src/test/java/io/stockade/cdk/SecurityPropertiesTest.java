package io.stockade.cdk;

import static io.stockade.cdk.Resources.asList;
import static io.stockade.cdk.Resources.at;
import static io.stockade.cdk.Resources.everywhere;
import static io.stockade.cdk.Resources.everywhereWhole;
import static io.stockade.cdk.Resources.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/** The cross-cutting assertions, over every stack of both event store variants. */
class SecurityPropertiesTest {
    @Test
    void shouldEncryptEveryStoreWhenItHoldsData() {
        assertThat(everywhere("AWS::S3::Bucket"))
                .isNotEmpty()
                .allSatisfy(b -> assertThat(at(b, "BucketEncryption", "ServerSideEncryptionConfiguration"))
                        .isNotNull());
        assertThat(everywhere("AWS::Logs::LogGroup"))
                .isNotEmpty()
                .allSatisfy(g -> assertThat(g).containsKey("KmsKeyId"));
        assertThat(everywhere("AWS::SNS::Topic"))
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).containsKey("KmsMasterKeyId"));
        assertThat(everywhere("AWS::SecretsManager::Secret"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s).containsKey("KmsKeyId"));
        assertThat(everywhere("AWS::RDS::DBInstance")).hasSize(2).allSatisfy(db -> {
            assertThat(db).containsEntry("StorageEncrypted", true).containsKey("KmsKeyId");
            assertThat(db).containsEntry("PerformanceInsightsKMSKeyId", db.get("KmsKeyId"));
        });
        assertThat(everywhere("AWS::ElastiCache::ReplicationGroup"))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r)
                        .containsEntry("AtRestEncryptionEnabled", true)
                        .containsKey("KmsKeyId"));
        assertThat(everywhere("AWS::EFS::FileSystem"))
                .hasSize(1)
                .allSatisfy(f -> assertThat(f).containsEntry("Encrypted", true).containsKey("KmsKeyId"));
        assertThat(everywhere("AWS::Backup::BackupVault"))
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v).containsKey("EncryptionKeyArn"));
        assertThat(everywhere("AWS::KMS::Key"))
                .isNotEmpty()
                .allSatisfy(k -> assertThat(k).containsEntry("EnableKeyRotation", true));
    }

    @Test
    void shouldKeepTheDatabaseAndCacheOffTheInternetWhenAnyoneCouldConnect() {
        assertThat(everywhere("AWS::RDS::DBInstance"))
                .allSatisfy(db -> assertThat(db).containsEntry("PubliclyAccessible", false));
        // The subnets of the database and the cache are the isolated ones (no route to a gateway).
        assertThat(everywhere("AWS::RDS::DBSubnetGroup"))
                .allSatisfy(g -> assertThat(g.get("SubnetIds").toString())
                        .contains("dataSubnet")
                        .doesNotContain("natSubnet", "servicesSubnet"));
        assertThat(everywhere("AWS::ElastiCache::SubnetGroup"))
                .allSatisfy(g -> assertThat(g.get("SubnetIds").toString())
                        .contains("dataSubnet")
                        .doesNotContain("natSubnet", "servicesSubnet"));
        // No security group anywhere admits the whole internet.
        List<Object> ingress = new ArrayList<>();
        everywhere("AWS::EC2::SecurityGroup").forEach(g -> ingress.addAll(asList(g.get("SecurityGroupIngress"))));
        ingress.addAll(everywhere("AWS::EC2::SecurityGroupIngress"));
        assertThat(ingress)
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.toString()).doesNotContain("0.0.0.0/0", "::/0"));
        assertThat(everywhere("AWS::ElasticLoadBalancingV2::LoadBalancer"))
                .hasSize(2)
                .allSatisfy(lb -> assertThat(lb).containsEntry("Scheme", "internal"));
        assertThat(everywhere("AWS::ECS::Service"))
                .allSatisfy(s -> assertThat(at(s, "NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp"))
                        .isEqualTo("DISABLED"));
    }

    @Test
    void shouldSpeakTlsOnlyWhenAnythingTravelsOverTheNetwork() {
        assertThat(everywhere("AWS::ElasticLoadBalancingV2::Listener"))
                .hasSize(2)
                .allSatisfy(l -> {
                    assertThat(l).containsEntry("Protocol", "HTTPS");
                    assertThat((String) l.get("SslPolicy")).startsWith("ELBSecurityPolicy-TLS13");
                });
        assertThat(everywhere("AWS::CloudFront::Distribution")).hasSize(2).allSatisfy(d -> {
            assertThat(at(d, "DistributionConfig", "ViewerCertificate", "MinimumProtocolVersion"))
                    .isEqualTo("TLSv1.2_2021");
            List<Object> behaviours = new ArrayList<>(asList(at(d, "DistributionConfig", "CacheBehaviors")));
            behaviours.add(at(d, "DistributionConfig", "DefaultCacheBehavior"));
            assertThat(behaviours)
                    .allSatisfy(b -> assertThat(at(b, "ViewerProtocolPolicy")).isIn("redirect-to-https", "https-only"));
        });
        assertThat(everywhere("AWS::CloudFront::VpcOrigin"))
                .allSatisfy(o -> assertThat(at(o, "VpcOriginEndpointConfig", "OriginProtocolPolicy"))
                        .isEqualTo("https-only"));
        assertThat(everywhere("AWS::RDS::DBParameterGroup"))
                .allSatisfy(
                        p -> assertThat(at(p, "Parameters", "rds.force_ssl")).isEqualTo("1"));
        assertThat(everywhere("AWS::ElastiCache::ReplicationGroup"))
                .allSatisfy(r -> assertThat(r)
                        .containsEntry("TransitEncryptionEnabled", true)
                        .containsEntry("TransitEncryptionMode", "required"));
        assertThat(everywhere("AWS::SES::ConfigurationSet"))
                .allSatisfy(
                        c -> assertThat(at(c, "DeliveryOptions", "TlsPolicy")).isEqualTo("REQUIRE"));
        // Every bucket refuses requests that are not over TLS.
        for (Stack stack : Synthesized.allStacks()) {
            int buckets = Resources.of(stack, "AWS::S3::Bucket").size();
            long denying = Resources.of(stack, "AWS::S3::BucketPolicy").values().stream()
                    .filter(p -> props(p).toString().contains("aws:SecureTransport=false"))
                    .count();
            assertThat(denying).as(stack.getStackName()).isEqualTo(buckets);
        }
        assertThat(everywhere("AWS::SNS::TopicPolicy"))
                .allSatisfy(p -> assertThat(p.toString()).contains("aws:SecureTransport=false"));
    }

    @Test
    void shouldAttachTheWebAclToTheDistributionWhenRequestsArrive() {
        for (Deployment d : List.of(Synthesized.JDBC, Synthesized.AXON_SERVER)) {
            Map<String, Map<String, Object>> acls = Resources.of(d.edge(), "AWS::WAFv2::WebACL");
            assertThat(acls).hasSize(1);
            String aclId = acls.keySet().iterator().next();
            assertThat(props(acls.get(aclId))).containsEntry("Scope", "CLOUDFRONT");
            Map<String, Object> distribution = Resources.single(d.edge(), "AWS::CloudFront::Distribution");
            assertThat(at(distribution, "DistributionConfig", "WebACLId"))
                    .isEqualTo(Map.of("Fn::GetAtt", List.of(aclId, "Arn")));
        }
    }

    @Test
    void shouldGrantNoWildcardActionOnAWildcardResourceWhenAnyRoleActs() {
        List<Object> statements = new ArrayList<>();
        everywhere("AWS::IAM::Policy").forEach(p -> statements.addAll(asList(at(p, "PolicyDocument", "Statement"))));
        everywhere("AWS::IAM::ManagedPolicy")
                .forEach(p -> statements.addAll(asList(at(p, "PolicyDocument", "Statement"))));
        everywhere("AWS::IAM::Role")
                .forEach(r -> asList(r.get("Policies"))
                        .forEach(p -> statements.addAll(asList(at(p, "PolicyDocument", "Statement")))));
        assertThat(statements).hasSizeGreaterThan(20).allSatisfy(s -> {
            List<Object> actions = asList(at(s, "Action"));
            List<Object> resources = asList(at(s, "Resource"));
            assertThat(actions).as("statement %s", s).doesNotContain("*");
            boolean wildcardResource = resources.contains("*");
            if (wildcardResource) {
                // Only actions IAM cannot scope to a resource may name every resource.
                assertThat(actions)
                        .as("statement %s", s)
                        .allSatisfy(a -> assertThat(a.toString()).doesNotEndWith(":*"));
            }
        });
    }

    @Test
    void shouldProtectWhatHoldsDataFromDeletionWhenAStackIsRemoved() {
        assertThat(everywhereWhole("AWS::RDS::DBInstance")).allSatisfy(db -> {
            assertThat(db).containsEntry("DeletionPolicy", "Snapshot");
            assertThat(props(db)).containsEntry("DeletionProtection", true);
        });
        for (String type :
                List.of("AWS::S3::Bucket", "AWS::KMS::Key", "AWS::EFS::FileSystem", "AWS::Backup::BackupVault")) {
            assertThat(everywhereWhole(type))
                    .as(type)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r).containsEntry("DeletionPolicy", "Retain"));
        }
        assertThat(everywhere("AWS::ElasticLoadBalancingV2::LoadBalancer"))
                .allSatisfy(lb -> assertThat(asList(lb.get("LoadBalancerAttributes")))
                        .contains(Map.of("Key", "deletion_protection.enabled", "Value", "true")));
        assertThat(Synthesized.allStacks())
                .allSatisfy(s -> assertThat(Synthesized.artifact(s).getTerminationProtection())
                        .as(s.getStackName())
                        .isTrue());
    }

    @Test
    void shouldBackUpEveryStoreWhenTheDataMatters() {
        assertThat(everywhere("AWS::RDS::DBInstance"))
                .allSatisfy(db -> assertThat(((Number) db.get("BackupRetentionPeriod")).intValue())
                        .isGreaterThanOrEqualTo(7));
        assertThat(everywhere("AWS::ElastiCache::ReplicationGroup"))
                .allSatisfy(r -> assertThat(((Number) r.get("SnapshotRetentionLimit")).intValue())
                        .isPositive());
        assertThat(everywhere("AWS::EFS::FileSystem"))
                .allSatisfy(f -> assertThat(at(f, "BackupPolicy", "Status")).isEqualTo("ENABLED"));
        assertThat(everywhere("AWS::Backup::BackupPlan"))
                .hasSize(2)
                .allSatisfy(p -> assertThat(asList(at(p, "BackupPlan", "BackupPlanRule")))
                        .anySatisfy(rule ->
                                assertThat(at(rule, "EnableContinuousBackup")).isEqualTo(true)));
        for (Deployment d : List.of(Synthesized.JDBC, Synthesized.AXON_SERVER)) {
            Map<String, Object> selection = Resources.single(d.operations(), "AWS::Backup::BackupSelection");
            String resources = at(selection, "BackupSelection", "Resources").toString();
            assertThat(resources).contains(":rds:", "AuditCheckpoints");
            if (d.eventStore() != null) {
                assertThat(resources).contains("elasticfilesystem");
            }
        }
    }

    @Test
    void shouldLogEveryVpcFlowWhenTrafficMoves() {
        for (Deployment d : List.of(Synthesized.JDBC, Synthesized.AXON_SERVER)) {
            Map<String, Object> flowLog = Resources.single(d.network(), "AWS::EC2::FlowLog");
            assertThat(flowLog)
                    .containsEntry("ResourceType", "VPC")
                    .containsEntry("TrafficType", "ALL")
                    .containsEntry("LogDestinationType", "cloud-watch-logs");
        }
    }
}
