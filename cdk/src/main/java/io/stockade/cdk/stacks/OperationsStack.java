package io.stockade.cdk.stacks;

import static io.stockade.cdk.Suppressions.suppress;

import io.stockade.cdk.DeploymentConfig;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.backup.LockConfiguration;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetTlsPolicy;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What keeps Stockade recoverable and accountable: the SES identity mail is sent from, the AWS Backup
 * plan, the bucket the audit checkpoints are written to under S3 Object Lock in compliance mode, the KMS
 * key that wraps the personal-data keys, and the topic alarms go to.
 */
public final class OperationsStack extends Stack {
    private final Key personalDataKey;
    private final Key operationsKey;
    private final Bucket checkpoints;
    private final EmailIdentity mailIdentity;
    private final ConfigurationSet mailConfiguration;
    private final Topic alarms;

    public OperationsStack(
            Construct scope,
            String id,
            StackProps props,
            DeploymentConfig config,
            DataStack data,
            EventStoreStack eventStore) {
        super(scope, id, props);
        // Envelope encryption: each person's data key is stored wrapped by this key (kms:Encrypt/Decrypt), so
        // rotating keys means rotating this key, never rewriting events. KMS keeps every earlier version of the
        // key material, so data keys wrapped before a rotation still unwrap.
        personalDataKey = Key.Builder.create(this, "PersonalDataKey")
                .description("Stockade: wraps the per-person data keys (crypto-shredding envelope)")
                .enableKeyRotation(true)
                .rotationPeriod(Duration.days(365))
                .pendingWindow(Duration.days(30))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Alias.Builder.create(this, "PersonalDataKeyAlias")
                .aliasName("alias/stockade/personal-data")
                .targetKey(personalDataKey)
                .build();

        operationsKey = Key.Builder.create(this, "OperationsKey")
                .description("Stockade: audit checkpoints, backups, alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        StackKeys.allowService(operationsKey, "cloudwatch.amazonaws.com");
        StackKeys.allowService(operationsKey, "aps.amazonaws.com");

        Bucket accessLogs = Buckets.accessLogs(this, "AccessLogs");
        // Every signed checkpoint is also written here (issue 14: kept outside PostgreSQL). Compliance mode: no
        // one, the root user included, can delete or shorten the retention of a checkpoint before it ends.
        checkpoints = Bucket.Builder.create(this, "AuditCheckpoints")
                .objectLockEnabled(true)
                .objectLockDefaultRetention(
                        ObjectLockRetention.compliance(Duration.days(config.checkpointRetentionDays())))
                .versioned(true)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(operationsKey)
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("audit-checkpoints/")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // Mail leaves over TLS only; DKIM records for the domain are in the outputs of the identity.
        mailConfiguration = ConfigurationSet.Builder.create(this, "MailConfiguration")
                .tlsPolicy(ConfigurationSetTlsPolicy.REQUIRE)
                .reputationMetrics(true)
                .build();
        mailIdentity = EmailIdentity.Builder.create(this, "MailIdentity")
                .identity(Identity.domain(config.mailDomain()))
                .configurationSet(mailConfiguration)
                .dkimSigning(true)
                .build();

        alarms = Topic.Builder.create(this, "Alarms")
                .displayName("Stockade alarms")
                .masterKey(operationsKey)
                .enforceSsl(true)
                .build();
        alarms.addSubscription(new EmailSubscription(config.alarmEmail()));

        // AWS Backup: daily recovery points kept 35 days with continuous backup (point-in-time restore to any
        // second of that window), monthly ones kept a year; the vault refuses deletion of a recovery point before
        // seven days.
        BackupVault vault = BackupVault.Builder.create(this, "BackupVault")
                .encryptionKey(operationsKey)
                .lockConfiguration(LockConfiguration.builder()
                        .minRetention(Duration.days(7))
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        BackupPlan plan = BackupPlan.Builder.create(this, "BackupPlan")
                .backupVault(vault)
                .backupPlanRules(List.of(
                        BackupPlanRule.Builder.create()
                                .ruleName("daily-continuous")
                                .scheduleExpression(Schedule.cron(CronOptions.builder()
                                        .hour("3")
                                        .minute("0")
                                        .build()))
                                .enableContinuousBackup(true)
                                .deleteAfter(Duration.days(35))
                                .build(),
                        BackupPlanRule.Builder.create()
                                .ruleName("monthly")
                                .scheduleExpression(Schedule.cron(CronOptions.builder()
                                        .day("1")
                                        .hour("4")
                                        .minute("0")
                                        .build()))
                                .deleteAfter(Duration.days(365))
                                .build()))
                .build();
        List<BackupResource> resources = new ArrayList<>();
        resources.add(BackupResource.fromRdsDatabaseInstance(data.database()));
        resources.add(BackupResource.fromArn(checkpoints.getBucketArn()));
        if (eventStore != null) {
            resources.add(BackupResource.fromEfsFileSystem(eventStore.fileSystem()));
        }
        plan.addSelection(
                "Selection",
                BackupSelectionOptions.builder()
                        .resources(resources)
                        .allowRestores(true)
                        .build());
        suppress(
                plan,
                "AwsSolutions-IAM4",
                "AWS Backup's own service-role policies (backup and restore, S3 backup and restore) are the"
                        + " documented least privilege for the resources it protects.");

        CfnOutput.Builder.create(this, "PersonalDataKeyArn")
                .value(personalDataKey.getKeyArn())
                .build();
        CfnOutput.Builder.create(this, "AuditCheckpointsBucket")
                .value(checkpoints.getBucketName())
                .build();
    }

    public Key personalDataKey() {
        return personalDataKey;
    }

    public Bucket checkpoints() {
        return checkpoints;
    }

    public EmailIdentity mailIdentity() {
        return mailIdentity;
    }

    public ConfigurationSet mailConfiguration() {
        return mailConfiguration;
    }

    public Topic alarms() {
        return alarms;
    }
}
