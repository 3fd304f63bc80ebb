package io.stockade.command.idempotency;

import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.errors.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.http.HttpStatus;

/**
 * Makes commands carrying an {@code Idempotency-Key} safe to retry. The key is claimed in the
 * command's own transaction, so the claim, the events and the stored result commit together or
 * not at all; a retry finds the committed claim and gets the first result back without running
 * the handler, so no second event is appended. A key reused for a different request is refused.
 */
public class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {
    private final IdempotencyRepository records;
    private final Serializer serializer;

    IdempotencyInterceptor(IdempotencyRepository records, Serializer serializer) {
        this.records = records;
        this.serializer = serializer;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object key = command.getMetaData().get(AuditMetadata.IDEMPOTENCY_KEY);
        Object tenant = command.getMetaData().get(AuditMetadata.TENANT_ID);
        Object user = command.getMetaData().get(AuditMetadata.USER_ID);
        if (key == null || tenant == null || user == null) {
            return chain.proceed();
        }
        UUID tenantId = UUID.fromString(tenant.toString());
        UUID userId = UUID.fromString(user.toString());
        String fingerprint = fingerprint(command);
        if (!records.claim(tenantId, userId, key.toString(), command.getCommandName(), fingerprint)) {
            var first = records.find(tenantId, userId, key.toString()).orElseThrow();
            if (!first.getFingerprint().equals(fingerprint)) {
                throw new ProblemException(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "idempotency-key-reused",
                        "Idempotency key reused",
                        "This Idempotency-Key was already used for a different request",
                        List.of(new ProblemException.FieldError(
                                "Idempotency-Key", "already used for a different request")));
            }
            if (first.getResultType() == null) {
                return null;
            }
            int sep = first.getResultType().indexOf('|');
            String type =
                    sep < 0 ? first.getResultType() : first.getResultType().substring(0, sep);
            String revision = sep < 0 ? null : first.getResultType().substring(sep + 1);
            return serializer.deserialize(new SimpleSerializedObject<>(
                    first.getResult(), byte[].class, new SimpleSerializedType(type, revision)));
        }
        Object result = chain.proceed();
        if (result != null) {
            SerializedObject<byte[]> stored = serializer.serialize(result, byte[].class);
            String type = stored.getType().getName()
                    + (stored.getType().getRevision() == null
                            ? ""
                            : "|" + stored.getType().getRevision());
            records.storeResult(tenantId, userId, key.toString(), type, stored.getData());
        }
        return result;
    }

    private String fingerprint(CommandMessage<?> command) {
        byte[] payload =
                serializer.serialize(command.getPayload(), byte[].class).getData();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(command.getCommandName().getBytes(StandardCharsets.UTF_8));
            sha.update(payload);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
