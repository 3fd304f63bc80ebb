package io.stockade.platform.privacy;

import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Persons' keys encrypted by an AWS KMS key ({@code STOCKADE_PERSONAL_DATA_KMS_KEY}: its id, ARN or alias; the CDK
 * app passes {@code alias/stockade/personal-data}'s ARN). {@code Encrypt} on a new person's key, {@code Decrypt} when
 * a node first needs it (then cached 30 s, as every key); the subject id is the encryption context, so KMS opens a
 * stored key only for its own person (and CloudTrail records whose key was opened). KMS keeps every version of a
 * rotated key, so keys encrypted before a rotation still open.
 */
public final class KmsKeyWrapping implements KeyWrapping {
    public static final String SETTING = "STOCKADE_PERSONAL_DATA_KMS_KEY";
    static final String NAME = "kms";
    private static final String CONTEXT = "stockade:subject";

    private final KmsClient kms;
    private final String keyId;

    public KmsKeyWrapping(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] wrap(UUID subject, byte[] key) {
        return kms.encrypt(EncryptRequest.builder()
                        .keyId(keyId)
                        .plaintext(SdkBytes.fromByteArray(key))
                        .encryptionContext(context(subject))
                        .build())
                .ciphertextBlob()
                .asByteArray();
    }

    @Override
    public byte[] unwrap(UUID subject, byte[] stored) {
        try {
            return kms.decrypt(DecryptRequest.builder()
                            .keyId(keyId)
                            .ciphertextBlob(SdkBytes.fromByteArray(stored))
                            .encryptionContext(context(subject))
                            .build())
                    .plaintext()
                    .asByteArray();
        } catch (KmsException e) {
            String code = e.awsErrorDetails() == null
                    ? String.valueOf(e.statusCode())
                    : e.awsErrorDetails().errorCode();
            throw new UnopenableKeyException("AWS KMS did not open the personal-data key of subject " + subject
                    + " with " + SETTING + ": " + code);
        }
    }

    private static Map<String, String> context(UUID subject) {
        return Map.of(CONTEXT, subject.toString());
    }
}
