package io.stockade.cdk.stacks;

import static io.stockade.cdk.Suppressions.suppress;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecs.AuthorizationConfig;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.EfsVolumeConfiguration;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.AccessPointOptions;
import software.amazon.awscdk.services.efs.Acl;
import software.amazon.awscdk.services.efs.FileSystem;
import software.amazon.awscdk.services.efs.PosixUser;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.constructs.Construct;

/**
 * Event store mode {@code axonserver}: one Axon Server (Standard Edition) task on Fargate with its events
 * and control data on an encrypted EFS file system mounted over TLS, discoverable as
 * {@code axonserver.stockade.internal} and reachable only from the services' security group, with an
 * access token from Secrets Manager. In the default mode ({@code jdbc}) this stack does not exist: the
 * events live in the RDS database of the data stack.
 */
public final class EventStoreStack extends Stack {
    /** The image docker-compose.yml runs too. */
    public static final String AXON_SERVER_IMAGE = "axoniq/axonserver:2024.2.4-jdk-17-nonroot";

    public static final String HOST = "axonserver.stockade.internal";

    private final FileSystem fileSystem;
    private final Secret token;
    private final Key key;

    public EventStoreStack(Construct scope, String id, StackProps props, NetworkStack network) {
        super(scope, id, props);
        key = Key.Builder.create(this, "EventStoreKey")
                .description("Stockade: Axon Server files and access token")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        SubnetSelection privateSubnets = SubnetSelection.builder()
                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                .build();
        fileSystem = FileSystem.Builder.create(this, "Files")
                .vpc(network.vpc())
                .vpcSubnets(privateSubnets)
                .securityGroup(network.axonServerFilesGroup())
                .encrypted(true)
                .kmsKey(key)
                .enableAutomaticBackups(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        AccessPoint accessPoint = fileSystem.addAccessPoint(
                "AxonServerData",
                AccessPointOptions.builder()
                        .path("/axonserver")
                        .posixUser(PosixUser.builder().uid("1001").gid("1001").build())
                        .createAcl(Acl.builder()
                                .ownerUid("1001")
                                .ownerGid("1001")
                                .permissions("750")
                                .build())
                        .build());

        token = Secret.Builder.create(this, "AccessToken")
                .description("Stockade: Axon Server access control token")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(48)
                        .excludePunctuation(true)
                        .build())
                .build();
        suppress(
                token,
                "AwsSolutions-SMG4",
                "Axon Server SE reads one token at start; rotating it means restarting Axon Server and every service"
                        + " together, a planned step (README, AWS section), not a Lambda's.");

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(network.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        PrivateDnsNamespace namespace = PrivateDnsNamespace.Builder.create(this, "Namespace")
                .name("stockade.internal")
                .vpc(network.vpc())
                .build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(2048)
                .memoryLimitMiB(8192)
                .build();
        task.addVolume(Volume.builder()
                .name("data")
                .efsVolumeConfiguration(EfsVolumeConfiguration.builder()
                        .fileSystemId(fileSystem.getFileSystemId())
                        .transitEncryption("ENABLED")
                        .authorizationConfig(AuthorizationConfig.builder()
                                .accessPointId(accessPoint.getAccessPointId())
                                .iam("ENABLED")
                                .build())
                        .build())
                .build());
        fileSystem.grantReadWrite(task.getTaskRole());
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.THREE_MONTHS)
                .encryptionKey(network.logsKey())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        var container = task.addContainer(
                "axonserver",
                ContainerDefinitionOptions.builder()
                        .image(ContainerImage.fromRegistry(AXON_SERVER_IMAGE))
                        .environment(Map.of(
                                "AXONIQ_AXONSERVER_NAME", "axonserver",
                                "AXONIQ_AXONSERVER_HOSTNAME", HOST,
                                "AXONIQ_AXONSERVER_STANDALONE", "true",
                                "AXONIQ_AXONSERVER_ACCESSCONTROL_ENABLED", "true",
                                "AXONIQ_AXONSERVER_EVENT_STORAGE", "/axonserver/data/events",
                                "AXONIQ_AXONSERVER_CONTROLDB_PATH", "/axonserver/data/control",
                                "AXONIQ_AXONSERVER_PID_FILE_LOCATION", "/axonserver/data"))
                        .secrets(Map.of(
                                "AXONIQ_AXONSERVER_ACCESSCONTROL_TOKEN",
                                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(token)))
                        .portMappings(List.of(PortMapping.builder()
                                .containerPort(NetworkStack.AXON_SERVER_GRPC_PORT)
                                .build()))
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs)
                                .streamPrefix("axonserver")
                                .build()))
                        .build());
        container.addMountPoints(MountPoint.builder()
                .containerPath("/axonserver/data")
                .sourceVolume("data")
                .readOnly(false)
                .build());
        FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                // Standard Edition is one node; two would each keep their own, diverging, event store.
                .desiredCount(1)
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .assignPublicIp(false)
                .vpcSubnets(privateSubnets)
                .securityGroups(List.of(network.axonServerGroup()))
                .circuitBreaker(
                        DeploymentCircuitBreaker.builder().rollback(true).build())
                .cloudMapOptions(CloudMapOptions.builder()
                        .name("axonserver")
                        .cloudMapNamespace(namespace)
                        .build())
                .build();
        suppress(
                task,
                "AwsSolutions-ECS2",
                "Only names and paths are in the environment; the access token comes from Secrets Manager.");
    }

    public FileSystem fileSystem() {
        return fileSystem;
    }

    public Key key() {
        return key;
    }

    public Secret token() {
        return token;
    }
}
