package io.stockade.cdk.stacks;

import static io.stockade.cdk.Suppressions.suppress;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/** Buckets that hold logs: private, TLS only, encrypted, kept when the stack goes. */
final class Buckets {
    private Buckets() {}

    /**
     * A destination for S3 server access logs and load balancer logs. Those writers support only S3-managed
     * encryption, so this bucket uses it.
     */
    static Bucket accessLogs(Construct scope, String id) {
        Bucket bucket = Bucket.Builder.create(scope, id)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        suppress(
                bucket,
                "AwsSolutions-S1",
                "This bucket is the access-log destination; logging it into itself would loop.");
        return bucket;
    }
}
