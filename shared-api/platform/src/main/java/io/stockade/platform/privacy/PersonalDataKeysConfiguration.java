package io.stockade.platform.privacy;

import io.stockade.platform.config.StartupRefusal;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The per-person keys and what wraps them: {@code STOCKADE_PERSONAL_DATA_KMS_KEY} (an AWS KMS key; region and
 * credentials from the AWS SDK's usual chain, on ECS the task role), or {@code STOCKADE_PERSONAL_DATA_WRAPPING_KEY}
 * (a key given to the services), or neither (keys stored as they are: the embedded default). Both at once is refused.
 * At start-up {@link StoredKeysCheck} makes sure the stored keys open here and wraps those stored before a wrapping
 * was set.
 */
@Configuration(proxyBeanMethods = false)
public class PersonalDataKeysConfiguration {
    @Bean
    KeyWrapping personalDataKeyWrapping(Environment env) {
        String kmsKey = env.getProperty(KmsKeyWrapping.SETTING, "").strip();
        String wrappingKey = env.getProperty(AesKeyWrapping.SETTING, "").strip();
        if (!kmsKey.isEmpty() && !wrappingKey.isEmpty()) {
            throw new StartupRefusal(
                    List.of(KmsKeyWrapping.SETTING, AesKeyWrapping.SETTING),
                    "only one key may wrap the personal-data keys",
                    "Keep " + KmsKeyWrapping.SETTING + " on AWS, or " + AesKeyWrapping.SETTING
                            + " elsewhere; unset the other.");
        }
        if (!kmsKey.isEmpty()) {
            try {
                KmsClient kms = KmsClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
                return new KmsKeyWrapping(kms, kmsKey);
            } catch (SdkClientException e) {
                throw new StartupRefusal(
                        List.of(KmsKeyWrapping.SETTING, "AWS_REGION"),
                        "the AWS KMS client could not be set up: " + e.getMessage(),
                        "Run where the AWS SDK finds a region and credentials (on ECS: AWS_REGION and the task role),"
                                + " or use " + AesKeyWrapping.SETTING + " instead outside AWS.");
            }
        }
        return wrappingKey.isEmpty() ? KeyWrapping.NONE : AesKeyWrapping.fromSetting(wrappingKey);
    }

    @Bean
    SubjectKeys subjectKeys(DSLContext dsl, PlatformTransactionManager tx, KeyWrapping wrapping) {
        return new SubjectKeys(dsl, tx, wrapping);
    }

    @Bean
    PersonalDataCipher personalDataCipher(SubjectKeys keys) {
        return new PersonalDataCipher(keys);
    }
}
