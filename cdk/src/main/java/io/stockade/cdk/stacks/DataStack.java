package io.stockade.cdk.stacks;

import static io.stockade.cdk.Suppressions.suppress;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.CaCertificate;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretRotation;
import software.amazon.awscdk.services.secretsmanager.SecretRotationApplication;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * RDS PostgreSQL (the event store in JDBC mode, the read models, the audit ledger) and ElastiCache Redis
 * (rate limits and revocations shared by every instance). Neither is reachable from outside the VPC; both
 * are encrypted under a customer-managed key and speak TLS only.
 */
public final class DataStack extends Stack {
    public static final String DATABASE_NAME = "stockade";
    /**
     * Where the image keeps Amazon RDS's CA bundle (global-bundle.pem): pgjdbc verifies the server's
     * certificate and host name against it ({@code sslmode=verify-full}), as seed 004 asks.
     */
    public static final String RDS_CA_BUNDLE = "/etc/stockade/rds-global-bundle.pem";

    private static final String INSTANCE_ID = "stockade";
    private static final List<String> EXPORTED_LOGS = List.of("postgresql", "upgrade");

    private final Key key;
    private final DatabaseInstance database;
    private final DatabaseSecret applicationSecret;
    private final DatabaseSecret ownerSecret;
    private final Secret redisUrl;
    private final IConnectable databaseConnections;

    public DataStack(Construct scope, String id, StackProps props, NetworkStack network) {
        super(scope, id, props);
        key = Key.Builder.create(this, "DataKey")
                .description("Stockade: RDS storage, ElastiCache, database and cache secrets")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        SubnetSelection isolated = SubnetSelection.builder()
                .subnetType(SubnetType.PRIVATE_ISOLATED)
                .build();
        SubnetSelection privateSubnets = SubnetSelection.builder()
                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                .build();

        IInstanceEngine engine = DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                .version(PostgresEngineVersion.VER_16_9)
                .build());
        ParameterGroup parameters = ParameterGroup.Builder.create(this, "Parameters")
                .engine(engine)
                .description("Stockade: TLS only, connections and slow statements logged")
                .parameters(Map.of(
                        // The server refuses every connection that is not TLS.
                        "rds.force_ssl", "1",
                        "ssl_min_protocol_version", "TLSv1.2",
                        "log_connections", "1",
                        "log_disconnections", "1",
                        "log_min_duration_statement", "1000"))
                .build();
        database = DatabaseInstance.Builder.create(this, "Database")
                .engine(engine)
                .instanceType(InstanceType.of(InstanceClass.M7G, InstanceSize.LARGE))
                .vpc(network.vpc())
                .vpcSubnets(isolated)
                .securityGroups(List.of(network.databaseGroup()))
                .publiclyAccessible(false)
                // A number, not the endpoint's token: rules CDK adds to the network stack's groups must not point
                // back into this stack.
                .port(NetworkStack.POSTGRES_PORT)
                .multiAz(true)
                .databaseName(DATABASE_NAME)
                .credentials(Credentials.fromGeneratedSecret(
                        "stockade_admin",
                        CredentialsBaseOptions.builder().encryptionKey(key).build()))
                .parameterGroup(parameters)
                .caCertificate(CaCertificate.RDS_CA_RSA2048_G1)
                .storageType(StorageType.GP3)
                .allocatedStorage(100)
                .maxAllocatedStorage(1000)
                .storageEncrypted(true)
                .storageEncryptionKey(key)
                // Daily snapshots kept 14 days plus the transaction log: point-in-time recovery to any second
                // of the window (seed 003: RPO under an hour). AWS Backup (operations stack) keeps longer copies.
                .backupRetention(Duration.days(14))
                .copyTagsToSnapshot(true)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .iamAuthentication(true)
                .autoMinorVersionUpgrade(true)
                .instanceIdentifier(INSTANCE_ID)
                .cloudwatchLogsExports(EXPORTED_LOGS)
                .enablePerformanceInsights(true)
                .performanceInsightEncryptionKey(key)
                .monitoringInterval(Duration.seconds(60))
                .build();
        // The exported logs' groups, made here rather than by RDS (or CDK's log-retention function): encrypted under
        // the logs key, kept a year.
        for (String log : EXPORTED_LOGS) {
            LogGroup group = LogGroup.Builder.create(this, "DatabaseLog-" + log)
                    .logGroupName("/aws/rds/instance/" + INSTANCE_ID + "/" + log)
                    .encryptionKey(network.logsKey())
                    .retention(RetentionDays.ONE_YEAR)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build();
            database.getNode().addDependency(group);
        }
        suppress(
                database,
                "AwsSolutions-RDS11",
                "The default port is no secret worth keeping: only the services' and the rotation's security groups"
                        + " reach the isolated subnets, and TLS with verify-full is required.");
        suppress(
                database,
                "AwsSolutions-IAM4",
                "Enhanced monitoring's role uses AWS's AmazonRDSEnhancedMonitoringRole, which only writes to the"
                        + " RDSOSMetrics log group.",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"));
        // The network stack's groups already let the rotation functions in; CDK's own rule would name the endpoint's
        // port attribute and tie the network stack to this one.
        databaseConnections = new DatabaseEndpoint(new Connections(ConnectionsProps.builder()
                .securityGroups(List.of(network.databaseGroup()))
                .defaultPort(Port.tcp(NetworkStack.POSTGRES_PORT))
                .build()));
        rotate("AdminRotation", database.getSecret(), network, privateSubnets);

        // The application role (never superuser, never BYPASSRLS: row-level security applies to it) and the schema
        // owner that runs migrations. The roles are created once by the administrator (README, AWS section); their
        // passwords live here and rotate every 30 days.
        applicationSecret = databaseUser("ApplicationUser", "stockade_app", network, privateSubnets);
        ownerSecret = databaseUser("OwnerUser", "stockade_owner", network, privateSubnets);

        // ElastiCache Redis: TLS in transit (required, not preferred), AUTH token from Secrets Manager, encrypted
        // at rest under the data key.
        Secret redisAuth = Secret.Builder.create(this, "RedisAuth")
                .description("Stockade: ElastiCache Redis AUTH token")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .build())
                .build();
        suppress(
                redisAuth,
                "AwsSolutions-SMG4",
                "ElastiCache changes an AUTH token only through ModifyReplicationGroup with the ROTATE strategy;"
                        + " Secrets Manager has no rotation function for it. Rotate by hand (README, AWS section).");
        CfnSubnetGroup cacheSubnets = CfnSubnetGroup.Builder.create(this, "CacheSubnets")
                .description("Stockade: isolated subnets of the cache")
                .subnetIds(network.vpc().selectSubnets(isolated).getSubnetIds())
                .build();
        CfnReplicationGroup redis = CfnReplicationGroup.Builder.create(this, "Redis")
                .replicationGroupDescription("Stockade rate limits and revocations")
                .engine("redis")
                .engineVersion("7.1")
                .cacheNodeType("cache.t4g.small")
                .numCacheClusters(2)
                .multiAzEnabled(true)
                .automaticFailoverEnabled(true)
                .port(NetworkStack.REDIS_PORT)
                .cacheSubnetGroupName(cacheSubnets.getRef())
                .securityGroupIds(List.of(network.cacheGroup().getSecurityGroupId()))
                .transitEncryptionEnabled(true)
                .transitEncryptionMode("required")
                .atRestEncryptionEnabled(true)
                .kmsKeyId(key.getKeyArn())
                // A dynamic reference: CloudFormation reads the token from Secrets Manager; it is never in the
                // template.
                .authToken(redisAuth.getSecretValue().unsafeUnwrap())
                .snapshotRetentionLimit(7)
                .autoMinorVersionUpgrade(true)
                .build();
        suppress(
                redis,
                "AwsSolutions-AEC5",
                "The default port is no secret worth keeping: only the services' security group reaches the isolated"
                        + " subnets, and TLS plus AUTH are required.");
        // The application takes Redis as one URL (STOCKADE_SECURITY_REDIS_URL); CloudFormation writes it with the
        // token resolved from Secrets Manager, so the URL exists only as a secret.
        redisUrl = Secret.Builder.create(this, "RedisUrl")
                .description("Stockade: rediss:// URL with the AUTH token, for STOCKADE_SECURITY_REDIS_URL")
                .encryptionKey(key)
                .secretStringValue(SecretValue.unsafePlainText(Fn.join(
                        "",
                        List.of(
                                "rediss://:",
                                redisAuth.getSecretValue().unsafeUnwrap(),
                                "@",
                                redis.getAttrPrimaryEndPointAddress(),
                                ":",
                                redis.getAttrPrimaryEndPointPort()))))
                .build();
        suppress(
                redisUrl,
                "AwsSolutions-SMG4",
                "Derived from the AUTH token secret; it changes when that token is rotated (see RedisAuth).");
    }

    private DatabaseSecret databaseUser(
            String id, String username, NetworkStack network, SubnetSelection privateSubnets) {
        DatabaseSecret secret = DatabaseSecret.Builder.create(this, id)
                .username(username)
                .dbname(DATABASE_NAME)
                .encryptionKey(key)
                .masterSecret(database.getSecret())
                .build();
        rotate(id + "Rotation", secret.attach(database), network, privateSubnets);
        return secret;
    }

    /** The database as the rotation sees it: its security group and a fixed port. */
    private static final class DatabaseEndpoint implements IConnectable {
        private final Connections connections;

        DatabaseEndpoint(Connections connections) {
            this.connections = connections;
        }

        @Override
        public Connections getConnections() {
            return connections;
        }
    }

    /** Single-user rotation every 30 days: the role changes its own password. */
    private void rotate(String id, ISecret secret, NetworkStack network, SubnetSelection privateSubnets) {
        SecretRotation.Builder.create(this, id)
                .application(SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER)
                .secret(secret)
                .target(databaseConnections)
                .vpc(network.vpc())
                .vpcSubnets(privateSubnets)
                .securityGroup(network.secretRotationGroup())
                .automaticallyAfter(Duration.days(30))
                .build();
    }

    /**
     * The JDBC URL the services use: TLS with the server's certificate and host name verified against the RDS
     * CA bundle in the image.
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + database.getDbInstanceEndpointAddress() + ":"
                + database.getDbInstanceEndpointPort() + "/" + DATABASE_NAME
                + "?sslmode=verify-full&sslrootcert=" + RDS_CA_BUNDLE;
    }

    public Key key() {
        return key;
    }

    public DatabaseInstance database() {
        return database;
    }

    public DatabaseSecret applicationSecret() {
        return applicationSecret;
    }

    public DatabaseSecret ownerSecret() {
        return ownerSecret;
    }

    public Secret redisUrl() {
        return redisUrl;
    }
}
