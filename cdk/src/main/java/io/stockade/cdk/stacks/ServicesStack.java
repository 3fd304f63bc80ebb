package io.stockade.cdk.stacks;

import static io.stockade.cdk.Suppressions.suppress;

import io.stockade.cdk.DeploymentConfig;
import io.stockade.cdk.OpsFiles;
import io.stockade.cdk.RouteTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.aps.CfnRuleGroupsNamespace;
import software.amazon.awscdk.services.aps.CfnWorkspace;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MemoryUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretAttributes;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.constructs.Construct;

/**
 * command-side and query-side on ECS Fargate behind one internal load balancer whose path rules come
 * from the routing table; autoscaling; task roles that may do only what each side does; secrets from
 * Secrets Manager; logs to CloudWatch (encrypted, kept three months); an ADOT collector beside each task
 * that scrapes the management port and remote-writes to Amazon Managed Service for Prometheus, which
 * evaluates {@code ops/prometheus/rules}; CloudWatch alarms for the load balancer, RDS and ECS. In event store
 * mode {@code jdbc} the command side is also discoverable in Cloud Map, so the query side can ask it directly.
 */
public final class ServicesStack extends Stack {
    /** The collector that scrapes the management port (127.0.0.1:8081, never the public port). */
    public static final String COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3";

    public static final int MANAGEMENT_PORT = 8081;

    /**
     * The private DNS namespace of the command side in event store mode {@code jdbc}. Not the event store stack's
     * {@code stockade.internal}: that one exists only in mode {@code axonserver} and belongs to that stack, and a
     * second namespace of the same name in the VPC would be refused; a name of its own, outside that domain,
     * cannot clash whichever mode a deployment switches to or from.
     */
    public static final String DISCOVERY_NAMESPACE = "stockade-services.internal";

    /**
     * The command-side service's own address inside the VPC (jdbc mode), for the query side's calls to it; not the
     * load balancer's, which serves only HTTPS under the public name.
     */
    public static final String COMMAND_SIDE_URL =
            "http://" + RouteTable.COMMAND_SIDE + "." + DISCOVERY_NAMESPACE + ":" + NetworkStack.APP_PORT;

    private final ApplicationLoadBalancer loadBalancer;
    private final Map<String, FargateService> services = new LinkedHashMap<>();
    private final Map<String, ApplicationTargetGroup> targetGroups = new LinkedHashMap<>();

    public ServicesStack(
            Construct scope,
            String id,
            StackProps props,
            DeploymentConfig config,
            NetworkStack network,
            DataStack data,
            EventStoreStack eventStore,
            OperationsStack operations,
            RouteTable routes) {
        super(scope, id, props);
        SubnetSelection privateSubnets = SubnetSelection.builder()
                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                .build();
        // Images are built from command-side/Dockerfile and query-side/Dockerfile and pushed to these ECR
        // repositories by the release job; the deployment names the tag.
        CfnParameter imageTag = CfnParameter.Builder.create(this, "ImageTag")
                .type("String")
                .description("Tag of the stockade/command-side and stockade/query-side images in ECR")
                .allowedPattern("[A-Za-z0-9._-]{1,128}")
                .build();

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(network.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();

        // Keys and passwords the jar requires in production. Their values are set once by the operator (README,
        // AWS section); the bootstrap Admin's password is generated.
        Key secretsKey = Key.Builder.create(this, "SecretsKey")
                .description("Stockade: application secrets")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Secret applicationSecrets = Secret.Builder.create(this, "ApplicationSecrets")
                .description("Stockade: JWT, URL-signing and audit-signing keys; first Admin password")
                .encryptionKey(secretsKey)
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate(
                                "{\"jwtPrivateKey\":\"set-me\",\"urlSigningKey\":\"set-me\",\"auditSigningKey\":\"set-me\"}")
                        .generateStringKey("bootstrapAdminPassword")
                        .passwordLength(32)
                        .build())
                .build();
        suppress(
                applicationSecrets,
                "AwsSolutions-SMG4",
                "The signing keys rotate by the documented overlap procedure (new key, old one kept as a verification"
                        + " key until its tokens expire); a Lambda cannot do that safely.");

        CfnWorkspace metrics = CfnWorkspace.Builder.create(this, "Metrics")
                .alias("stockade")
                .alertManagerDefinition(alertManager(operations.alarms().getTopicArn(), getRegion()))
                .build();
        int ruleFile = 0;
        for (OpsFiles.RuleFile rules : OpsFiles.prometheusRules()) {
            CfnRuleGroupsNamespace.Builder.create(this, "Rules" + ruleFile++)
                    .workspace(metrics.getAttrArn())
                    .name(rules.name())
                    .data(rules.content())
                    .build();
        }

        Bucket loadBalancerLogs = Buckets.accessLogs(this, "LoadBalancerLogs");
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(network.vpc())
                .internetFacing(false)
                .vpcSubnets(privateSubnets)
                .securityGroup(network.loadBalancerGroup())
                .deletionProtection(true)
                .dropInvalidHeaderFields(true)
                // Live streams (SSE) send a heartbeat every 15 s; two minutes of silence means the stream is gone.
                .idleTimeout(Duration.seconds(120))
                .build();
        loadBalancer.logAccessLogs(loadBalancerLogs, "alb");

        // With Axon Server, queries travel between the services through it; on PostgreSQL the query side calls the
        // command side itself, by name (NetworkStack admits that hop in this mode only).
        PrivateDnsNamespace discovery = eventStore != null
                ? null
                : PrivateDnsNamespace.Builder.create(this, "Discovery")
                        .name(DISCOVERY_NAMESPACE)
                        .vpc(network.vpc())
                        .description("Stockade: the command side, for the query side's calls (event store jdbc)")
                        .build();

        for (String side : List.of(RouteTable.COMMAND_SIDE, RouteTable.QUERY_SIDE)) {
            IRepository repository = Repository.fromRepositoryName(this, id(side) + "Images", "stockade/" + side);
            FargateService service = service(
                    side,
                    cluster,
                    ContainerImage.fromEcrRepository(repository, imageTag.getValueAsString()),
                    config,
                    network,
                    data,
                    eventStore,
                    operations,
                    applicationSecrets,
                    metrics,
                    privateSubnets,
                    discovery);
            services.put(side, service);
            ApplicationTargetGroup group = ApplicationTargetGroup.Builder.create(this, id(side) + "Targets")
                    .vpc(network.vpc())
                    .port(NetworkStack.APP_PORT)
                    .protocol(ApplicationProtocol.HTTP)
                    .targetType(TargetType.IP)
                    .deregistrationDelay(Duration.seconds(30))
                    .healthCheck(HealthCheck.builder()
                            .path("/health")
                            .healthyHttpCodes("200")
                            .interval(Duration.seconds(15))
                            .build())
                    .targets(List.of(service))
                    .build();
            targetGroups.put(side, group);
        }

        ApplicationListener listener = loadBalancer.addListener(
                "Https",
                BaseApplicationListenerProps.builder()
                        .port(443)
                        .protocol(ApplicationProtocol.HTTPS)
                        .sslPolicy(SslPolicy.TLS13_RES)
                        .certificates(List.of(ListenerCertificate.fromCertificateManager(Certificate.fromCertificateArn(
                                this, "OriginCertificate", config.originCertificateArn()))))
                        // Only the VPC range (CloudFront's VPC origin), set in the network stack; never 0.0.0.0/0.
                        .open(false)
                        .defaultAction(ListenerAction.forward(List.of(targetGroups.get(routes.defaultService()))))
                        .build());
        int priority = 10;
        for (RouteTable.Route route : routes.routes()) {
            List<ListenerCondition> conditions = new ArrayList<>();
            conditions.add(ListenerCondition.pathPatterns(route.paths()));
            if (!route.methods().isEmpty()) {
                conditions.add(ListenerCondition.httpRequestMethods(route.methods()));
            }
            listener.addAction(
                    "Route" + priority,
                    AddApplicationActionProps.builder()
                            .priority(priority)
                            .conditions(conditions)
                            .action(ListenerAction.forward(List.of(targetGroups.get(route.service()))))
                            .build());
            priority += 10;
        }

        alarms(operations, data);
    }

    private FargateService service(
            String side,
            Cluster cluster,
            ContainerImage image,
            DeploymentConfig config,
            NetworkStack network,
            DataStack data,
            EventStoreStack eventStore,
            OperationsStack operations,
            Secret applicationSecrets,
            CfnWorkspace metrics,
            SubnetSelection privateSubnets,
            PrivateDnsNamespace discovery) {
        boolean commandSide = RouteTable.COMMAND_SIDE.equals(side);
        LogGroup logs = LogGroup.Builder.create(this, id(side) + "Logs")
                .retention(RetentionDays.THREE_MONTHS)
                .encryptionKey(network.logsKey())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, id(side) + "Task")
                .cpu(1024)
                .memoryLimitMiB(2048)
                .build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("STOCKADE_MODE", "production");
        environment.put("SERVER_PORT", String.valueOf(NetworkStack.APP_PORT));
        // TLS ends at the load balancer (and CloudFront before it); the jar's own HTTPS port stays off.
        environment.put("STOCKADE_HTTPS_ENABLED", "false");
        environment.put("STOCKADE_TLS_TERMINATED_UPSTREAM", "true");
        environment.put("STOCKADE_SECURITY_TRUSTED_PROXIES", network.vpc().getVpcCidrBlock());
        environment.put("MANAGEMENT_SERVER_PORT", String.valueOf(MANAGEMENT_PORT));
        environment.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
        environment.put("STOCKADE_PUBLIC_URL", "https://" + config.domainName());
        environment.put("SPRING_DATASOURCE_URL", data.jdbcUrl());
        environment.put("STOCKADE_MAIL_TRANSPORT", "ses");
        environment.put("STOCKADE_MAIL_FROM", "no-reply@" + config.mailDomain());
        environment.put(
                "STOCKADE_PERSONAL_DATA_KMS_KEY", operations.personalDataKey().getKeyArn());
        environment.put(
                "STOCKADE_AUDIT_CHECKPOINT_BUCKET", operations.checkpoints().getBucketName());
        environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        environment.put("AXON_AXONSERVER_ENABLED", String.valueOf(eventStore != null));
        if (eventStore != null) {
            environment.put("AXON_AXONSERVER_SERVERS", EventStoreStack.HOST + ":" + NetworkStack.AXON_SERVER_GRPC_PORT);
        }
        if (discovery != null && !commandSide) {
            // The personal-data export asks the command side for the account data it keeps, with the caller's token.
            environment.put("STOCKADE_COMMAND_SIDE_URL", COMMAND_SIDE_URL);
        }

        // Secrets of other stacks are imported by ARN: CDK would otherwise write this stack's roles into their
        // keys' policies, and the stacks would depend on each other both ways. Those keys' policies trust the
        // account; the execution role's own policy below allows the decryption, through Secrets Manager only.
        ISecret appUser = imported(side + "AppUser", data.applicationSecret());
        ISecret owner = imported(side + "Owner", data.ownerSecret());
        Map<String, software.amazon.awscdk.services.ecs.Secret> secrets = new LinkedHashMap<>();
        secrets.put("SPRING_DATASOURCE_USERNAME", ecsSecret(appUser, "username"));
        secrets.put("SPRING_DATASOURCE_PASSWORD", ecsSecret(appUser, "password"));
        secrets.put("STOCKADE_DB_MIGRATION_USERNAME", ecsSecret(owner, "username"));
        secrets.put("STOCKADE_DB_MIGRATION_PASSWORD", ecsSecret(owner, "password"));
        secrets.put(
                "STOCKADE_SECURITY_REDIS_URL",
                software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(
                        imported(side + "Redis", data.redisUrl())));
        secrets.put("STOCKADE_JWT_PRIVATE_KEY", ecsSecret(applicationSecrets, "jwtPrivateKey"));
        secrets.put("STOCKADE_URL_SIGNING_KEY", ecsSecret(applicationSecrets, "urlSigningKey"));
        secrets.put("STOCKADE_AUDIT_SIGNING_KEY", ecsSecret(applicationSecrets, "auditSigningKey"));
        secrets.put("STOCKADE_BOOTSTRAP_ADMIN_PASSWORD", ecsSecret(applicationSecrets, "bootstrapAdminPassword"));
        List<String> foreignKeys = new ArrayList<>(List.of(data.key().getKeyArn()));
        if (eventStore != null) {
            secrets.put(
                    "AXON_AXONSERVER_TOKEN",
                    software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(
                            imported(side + "AxonServerToken", eventStore.token())));
            foreignKeys.add(eventStore.key().getKeyArn());
        }
        task.obtainExecutionRole()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("kms:Decrypt"))
                        .resources(foreignKeys)
                        .conditions(Map.of(
                                "StringEquals",
                                Map.of("kms:ViaService", "secretsmanager." + getRegion() + ".amazonaws.com")))
                        .build());

        var app = task.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .image(image)
                        .essential(true)
                        .environment(environment)
                        .secrets(secrets)
                        .portMappings(List.of(PortMapping.builder()
                                .containerPort(NetworkStack.APP_PORT)
                                .build()))
                        // The image's own HEALTHCHECK, which ECS does not read: with it ECS holds a task out of Cloud
                        // Map (the command side's name in jdbc mode) until /health answers, and replaces one that
                        // stops answering.
                        .healthCheck(software.amazon.awscdk.services.ecs.HealthCheck.builder()
                                .command(List.of(
                                        "CMD-SHELL",
                                        "curl -fsS -o /dev/null http://127.0.0.1:" + NetworkStack.APP_PORT
                                                + "/health || exit 1"))
                                .interval(Duration.seconds(10))
                                .timeout(Duration.seconds(3))
                                .startPeriod(Duration.seconds(90))
                                .retries(3)
                                .build())
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs)
                                .streamPrefix(side)
                                .build()))
                        .build());
        var collector = task.addContainer(
                "metrics",
                ContainerDefinitionOptions.builder()
                        .image(ContainerImage.fromRegistry(COLLECTOR_IMAGE))
                        .essential(false)
                        .memoryReservationMiB(128)
                        .environment(Map.of(
                                "AOT_CONFIG_CONTENT",
                                collectorConfig(side, metrics.getAttrPrometheusEndpoint(), getRegion())))
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs)
                                .streamPrefix(side + "-metrics")
                                .build()))
                        .build());
        collector.addContainerDependencies(ContainerDependency.builder()
                .container(app)
                .condition(ContainerDependencyCondition.START)
                .build());
        suppress(
                task.obtainExecutionRole(),
                "AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken has no resource to scope it to (IAM accepts only *); the image pull itself"
                        + " is limited to this side's repository.",
                List.of("Resource::*"));
        suppress(
                task,
                "AwsSolutions-ECS2",
                "The environment holds only addresses, names and switches; every password and key comes from"
                        + " Secrets Manager through the task's secrets.");

        // Least privilege: what each side does and nothing else.
        task.getTaskRole()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("aps:RemoteWrite"))
                        .resources(List.of(metrics.getAttrArn()))
                        .build());
        if (commandSide) {
            // Personal-data keys are wrapped by this KMS key (KmsKeyWrapping): Encrypt when a person's key is made,
            // Decrypt when a node first opens it.
            operations.personalDataKey().grant(task.getTaskRole(), "kms:Encrypt", "kms:Decrypt");
            // Alerts and password resets are mailed by the command side (docs/adr/0001-alerting-home.md).
            operations.mailIdentity().grantSendEmail(task.getTaskRole());
            task.getTaskRole()
                    .addToPrincipalPolicy(PolicyStatement.Builder.create()
                            .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                            .resources(List.of(formatArn(ArnComponents.builder()
                                    .service("ses")
                                    .resource("configuration-set")
                                    .resourceName(operations.mailConfiguration().getConfigurationSetName())
                                    .build())))
                            .build());
        } else {
            // Reads open personal values; a refusal recorded here seals the caller's address under their key, which
            // is made here if they have none yet (KmsKeyWrapping). Erasure (a command) never happens here.
            operations.personalDataKey().grant(task.getTaskRole(), "kms:Encrypt", "kms:Decrypt");
            // The audit sealer runs in the query side: it writes checkpoints (Object Lock keeps them) and reads
            // them back to verify. No delete permission exists on the bucket for anyone here.
            operations.checkpoints().grantPut(task.getTaskRole());
            operations.checkpoints().grantRead(task.getTaskRole());
            suppress(
                    task,
                    "AwsSolutions-IAM5",
                    "Checkpoints are one object per signed tree size under <organisation>/; the sealer writes and reads"
                            + " any of them, so the grant covers the bucket's objects (and its key's"
                            + " GenerateDataKey*/ReEncrypt* family), never another bucket.",
                    List.of(
                            "Resource::<" + resolveLogicalId(operations.checkpoints()) + ".Arn>/*",
                            "Action::s3:GetObject*",
                            "Action::s3:GetBucket*",
                            "Action::s3:List*",
                            "Action::s3:Abort*",
                            "Action::kms:GenerateDataKey*",
                            "Action::kms:ReEncrypt*"));
        }

        FargateService service = FargateService.Builder.create(this, id(side) + "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(2)
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .assignPublicIp(false)
                .vpcSubnets(privateSubnets)
                .securityGroups(List.of(network.servicesGroup()))
                .circuitBreaker(
                        DeploymentCircuitBreaker.builder().rollback(true).build())
                .cloudMapOptions(
                        discovery != null && commandSide
                                ? CloudMapOptions.builder()
                                        .name(RouteTable.COMMAND_SIDE)
                                        .cloudMapNamespace(discovery)
                                        // Short-lived answers, so a task replaced in a deployment leaves the
                                        // callers' view sooner than the default minute (the JVM's own cache of
                                        // 30 s then bounds it).
                                        .dnsTtl(Duration.seconds(10))
                                        .build()
                                : null)
                .build();
        ScalableTaskCount scaling = service.autoScaleTaskCount(
                EnableScalingProps.builder().minCapacity(2).maxCapacity(8).build());
        scaling.scaleOnCpuUtilization(
                "Cpu",
                CpuUtilizationScalingProps.builder()
                        .targetUtilizationPercent(60)
                        .build());
        scaling.scaleOnMemoryUtilization(
                "Memory",
                MemoryUtilizationScalingProps.builder()
                        .targetUtilizationPercent(75)
                        .build());
        return service;
    }

    private static software.amazon.awscdk.services.ecs.Secret ecsSecret(ISecret secret, String field) {
        return software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(secret, field);
    }

    private ISecret imported(String id, ISecret secret) {
        return Secret.fromSecretAttributes(
                this,
                id(id) + "Secret",
                SecretAttributes.builder()
                        .secretCompleteArn(secret.getSecretArn())
                        .build());
    }

    private String resolveLogicalId(Bucket bucket) {
        return Stack.of(bucket).getLogicalId((CfnElement) bucket.getNode().getDefaultChild());
    }

    private void alarms(OperationsStack operations, DataStack data) {
        SnsAction notify = new SnsAction(operations.alarms());
        MetricOptions fiveMinutes =
                MetricOptions.builder().period(Duration.minutes(5)).build();
        alarm(
                "LoadBalancer5xx",
                loadBalancer.getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, fiveMinutes),
                10,
                notify);
        for (var entry : targetGroups.entrySet()) {
            String name = id(entry.getKey());
            ApplicationTargetGroup group = entry.getValue();
            alarm(
                    name + "Target5xx",
                    group.getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, fiveMinutes),
                    10,
                    notify);
            alarm(
                    name + "ResponseTimeP95",
                    group.getMetrics()
                            .targetResponseTime(MetricOptions.builder()
                                    .period(Duration.minutes(5))
                                    .statistic("p95")
                                    .build()),
                    1,
                    notify);
            alarm(name + "UnhealthyHosts", group.getMetrics().unhealthyHostCount(fiveMinutes), 0, notify);
        }
        for (var entry : services.entrySet()) {
            String name = id(entry.getKey());
            alarm(name + "Cpu", entry.getValue().metricCpuUtilization(fiveMinutes), 85, notify);
            alarm(name + "Memory", entry.getValue().metricMemoryUtilization(fiveMinutes), 85, notify);
        }
        alarm("DatabaseCpu", data.database().metricCPUUtilization(fiveMinutes), 80, notify);
        alarm("DatabaseConnections", data.database().metricDatabaseConnections(fiveMinutes), 400, notify);
        Alarm storage = Alarm.Builder.create(this, "DatabaseFreeStorage")
                .metric(data.database().metricFreeStorageSpace(fiveMinutes))
                .threshold(10L * 1024 * 1024 * 1024)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.BREACHING)
                .build();
        storage.addAlarmAction(notify);
    }

    private void alarm(String id, IMetric metric, double threshold, SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(2)
                .datapointsToAlarm(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
    }

    /** ADOT collector: scrape the management port on the task's loopback, remote-write with SigV4. */
    static String collectorConfig(String side, String workspaceEndpoint, String region) {
        return String.join(
                "\n",
                "extensions:",
                "  sigv4auth:",
                "    region: " + region,
                "    service: aps",
                "receivers:",
                "  prometheus:",
                "    config:",
                "      scrape_configs:",
                "        - job_name: stockade",
                "          scrape_interval: 15s",
                "          metrics_path: /actuator/prometheus",
                "          static_configs:",
                "            - targets: ['127.0.0.1:" + MANAGEMENT_PORT + "']",
                "              labels:",
                "                service: " + side,
                "exporters:",
                "  prometheusremotewrite:",
                "    endpoint: " + workspaceEndpoint + "api/v1/remote_write",
                "    auth:",
                "      authenticator: sigv4auth",
                "service:",
                "  extensions: [sigv4auth]",
                "  pipelines:",
                "    metrics:",
                "      receivers: [prometheus]",
                "      exporters: [prometheusremotewrite]",
                "");
    }

    /** Amazon Managed Prometheus's alert manager: every alert to the alarm topic. */
    static String alertManager(String topicArn, String region) {
        return String.join(
                "\n",
                "alertmanager_config: |",
                "  route:",
                "    receiver: sns",
                "    group_by: [alertname]",
                "  receivers:",
                "    - name: sns",
                "      sns_configs:",
                "        - topic_arn: " + topicArn,
                "          sigv4:",
                "            region: " + region,
                "");
    }

    /** command-side → CommandSide, query-sideRedis → QuerySideRedis: construct ids. */
    private static String id(String side) {
        return side.replace("command-side", "CommandSide").replace("query-side", "QuerySide");
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public Map<String, FargateService> services() {
        return services;
    }
}
