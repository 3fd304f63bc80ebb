package io.stockade.cdk.stacks;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;

/** Key policy statements AWS services need before they can use a customer-managed key. */
final class StackKeys {
    private StackKeys() {}

    /** CloudWatch Logs of this region may use the key, for this account's log groups only. */
    static void allowCloudWatchLogs(Key key, Stack stack) {
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of(
                        "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"))
                // A key policy's resource is always the key itself.
                .resources(List.of("*"))
                .conditions(Map.of(
                        "ArnLike",
                        Map.of(
                                "kms:EncryptionContext:aws:logs:arn",
                                "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount()
                                        + ":log-group:*")))
                .build());
    }

    /** An AWS service (SNS publishers such as CloudWatch alarms and Amazon Managed Prometheus) may use the key. */
    static void allowService(Key key, String servicePrincipal) {
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal(servicePrincipal)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
    }
}
