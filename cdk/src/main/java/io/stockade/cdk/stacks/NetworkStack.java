package io.stockade.cdk.stacks;

import static io.stockade.cdk.Suppressions.suppress;

import io.stockade.cdk.DeploymentConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogMaxAggregationInterval;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Two availability zones; public subnets hold only the NAT gateways (CloudFront reaches the internal load
 * balancer through a VPC origin, so nothing that answers requests is public); services in private subnets;
 * database and cache in isolated ones. Every security group is made here, so the rules between them never
 * cross stacks in both directions.
 */
public final class NetworkStack extends Stack {
    /** The application's HTTP port inside the VPC (the load balancer's targets). */
    public static final int APP_PORT = 8080;

    public static final int POSTGRES_PORT = 5432;
    public static final int REDIS_PORT = 6379;
    public static final int AXON_SERVER_GRPC_PORT = 8124;
    public static final int AXON_SERVER_HTTP_PORT = 8024;

    private final Vpc vpc;
    private final Key logsKey;
    private final SecurityGroup loadBalancer;
    private final SecurityGroup services;
    private final SecurityGroup database;
    private final SecurityGroup cache;
    private final SecurityGroup secretRotation;
    private final SecurityGroup axonServer;
    private final SecurityGroup axonServerFiles;

    private final List<String> availabilityZones;

    public NetworkStack(Construct scope, String id, StackProps props, DeploymentConfig config) {
        super(scope, id, props);
        availabilityZones = config.availabilityZones();
        // CloudWatch Logs encrypts every log group of the deployment under this key (flow logs, services, RDS).
        logsKey = Key.Builder.create(this, "LogsKey")
                .description("Stockade: CloudWatch Logs encryption")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        StackKeys.allowCloudWatchLogs(logsKey, this);

        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                // Named, not looked up: synthesis stays offline.
                .availabilityZones(config.availabilityZones())
                .natGateways(2)
                .restrictDefaultSecurityGroup(true)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder()
                                .name("nat")
                                .subnetType(SubnetType.PUBLIC)
                                .mapPublicIpOnLaunch(false)
                                .cidrMask(24)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("services")
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(20)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("data")
                                .subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24)
                                .build()))
                .build();

        Validations.of(vpc)
                .acknowledge(Acknowledgment.builder()
                        .id("CloudFormation-Validate::W3010")
                        .reason("The zones are named on purpose (stockade:availabilityZones): a look-up would need AWS"
                                + " credentials at synthesis.")
                        .build());

        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(RetentionDays.ONE_YEAR)
                .encryptionKey(logsKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        vpc.addFlowLog(
                "FlowLog",
                FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.ALL)
                        .maxAggregationInterval(FlowLogMaxAggregationInterval.ONE_MINUTE)
                        .build());

        // AWS APIs are reached through endpoints inside the VPC, not through the NAT gateways.
        vpc.addGatewayEndpoint(
                "S3",
                GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .build());
        Map<String, IInterfaceVpcEndpointService> endpoints = new LinkedHashMap<>();
        endpoints.put("Ecr", InterfaceVpcEndpointAwsService.ECR);
        endpoints.put("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER);
        endpoints.put("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
        endpoints.put("Monitoring", InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING);
        endpoints.put("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
        endpoints.put("Kms", InterfaceVpcEndpointAwsService.KMS);
        endpoints.put("Sts", InterfaceVpcEndpointAwsService.STS);
        endpoints.put("Ses", InterfaceVpcEndpointAwsService.EMAIL);
        endpoints.put("Prometheus", InterfaceVpcEndpointAwsService.PROMETHEUS_WORKSPACES);
        endpoints.put("Efs", InterfaceVpcEndpointAwsService.ELASTIC_FILESYSTEM);
        endpoints.forEach((name, service) -> vpc.addInterfaceEndpoint(
                name,
                InterfaceVpcEndpointOptions.builder()
                        .service(service)
                        .privateDnsEnabled(true)
                        .subnets(SubnetSelection.builder()
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .build())
                        .build()));

        loadBalancer = group("LoadBalancer", "Internal load balancer: HTTPS from the CloudFront VPC origin only");
        services = group("Services", "command-side and query-side tasks");
        database = group("Database", "RDS PostgreSQL: from the services and the secret rotation only");
        cache = group("Cache", "ElastiCache Redis: from the services only");
        secretRotation = group("SecretRotation", "Secrets Manager rotation functions");
        axonServer = group("AxonServer", "Axon Server (event store mode axonserver): from the services only");
        axonServerFiles = group("AxonServerFiles", "EFS of Axon Server: from Axon Server only");

        String cidrIsAToken = "AwsSolutions-EC23 cannot read the VPC's own CIDR (a CloudFormation attribute) and says"
                + " so; the ingress is the VPC's range, never 0.0.0.0/0, which SecurityPropertiesTest asserts.";
        suppress(vpc, "CdkNagValidationFailure", cidrIsAToken);
        suppress(loadBalancer, "CdkNagValidationFailure", cidrIsAToken);
        // CloudFront's VPC origin places its network interfaces in this VPC's private subnets.
        loadBalancer.addIngressRule(
                Peer.ipv4(vpc.getVpcCidrBlock()), Port.tcp(443), "HTTPS from CloudFront VPC origin");
        loadBalancer.addEgressRule(services, Port.tcp(APP_PORT), "to the services");
        services.addIngressRule(loadBalancer, Port.tcp(APP_PORT), "from the load balancer");
        // HTTPS to VPC endpoints, SES and the Prometheus workspace; image pulls go through endpoints too.
        services.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs");
        services.addEgressRule(database, Port.tcp(POSTGRES_PORT), "PostgreSQL");
        services.addEgressRule(cache, Port.tcp(REDIS_PORT), "Redis (TLS)");
        services.addEgressRule(axonServer, Port.tcp(AXON_SERVER_GRPC_PORT), "Axon Server gRPC");
        if (config.eventStore() == DeploymentConfig.EventStore.JDBC) {
            // Split services on PostgreSQL: the query side asks the command side directly for its part of a
            // personal-data export (no Axon Server routes queries between them). Both sides share this group, so
            // short of a group per side the narrowest rule names the group itself; it admits the application port
            // only (the management port listens on loopback anyway), if in both directions. Plain HTTP within the
            // private subnets, like the load balancer to task hop; the caller's bearer token travels with each
            // request and the command side checks it as it checks any other.
            services.addIngressRule(
                    services, Port.tcp(APP_PORT), "query-side to command-side HTTP (jdbc mode: personal-data export)");
            services.addEgressRule(
                    services, Port.tcp(APP_PORT), "query-side to command-side HTTP (jdbc mode: personal-data export)");
        }
        database.addIngressRule(services, Port.tcp(POSTGRES_PORT), "from the services");
        database.addIngressRule(secretRotation, Port.tcp(POSTGRES_PORT), "from the secret rotation");
        secretRotation.addEgressRule(database, Port.tcp(POSTGRES_PORT), "PostgreSQL");
        secretRotation.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "Secrets Manager API");
        cache.addIngressRule(services, Port.tcp(REDIS_PORT), "from the services");
        axonServer.addIngressRule(services, Port.tcp(AXON_SERVER_GRPC_PORT), "gRPC from the services");
        axonServer.addEgressRule(axonServerFiles, Port.tcp(2049), "NFS (TLS) to EFS");
        axonServer.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs");
        axonServerFiles.addIngressRule(axonServer, Port.tcp(2049), "NFS (TLS) from Axon Server");
    }

    /**
     * The zones of the configuration, not an account look-up: the VPC checks its zones against these, and the
     * default would ask AWS at synthesis.
     */
    @Override
    public List<String> getAvailabilityZones() {
        return availabilityZones;
    }

    private SecurityGroup group(String id, String description) {
        return SecurityGroup.Builder.create(this, id)
                .vpc(vpc)
                .description(description)
                .allowAllOutbound(false)
                .build();
    }

    public Vpc vpc() {
        return vpc;
    }

    public Key logsKey() {
        return logsKey;
    }

    public SecurityGroup loadBalancerGroup() {
        return loadBalancer;
    }

    public SecurityGroup servicesGroup() {
        return services;
    }

    public SecurityGroup databaseGroup() {
        return database;
    }

    public SecurityGroup cacheGroup() {
        return cache;
    }

    public SecurityGroup secretRotationGroup() {
        return secretRotation;
    }

    public SecurityGroup axonServerGroup() {
        return axonServer;
    }

    public SecurityGroup axonServerFilesGroup() {
        return axonServerFiles;
    }
}
