package io.stockade.command.identity;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.RegisterUserCommand;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.config.SecretFiles;
import io.stockade.platform.config.StockadeProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates organisations and their first Admin. The first start creates the default organisation;
 * a platform operator creates more through the jar's {@code org create} command.
 */
@Service
public class Organisations {
    private final OrganisationRepository organisations;
    private final AccountLookupRepository accounts;
    private final Passwords passwords;
    private final CommandGateway commands;
    private final TransactionTemplate tx;
    private final StockadeProperties properties;

    Organisations(
            OrganisationRepository organisations,
            AccountLookupRepository accounts,
            Passwords passwords,
            CommandGateway commands,
            TransactionTemplate tx,
            StockadeProperties properties) {
        this.organisations = organisations;
        this.accounts = accounts;
        this.passwords = passwords;
        this.commands = commands;
        this.tx = tx;
        this.properties = properties;
    }

    public record FirstAdmin(String username, String email, String password) {
        @Override
        public String toString() {
            return "FirstAdmin[username=" + username + "]";
        }
    }

    public record Created(TenantId tenantId, UserId adminId, boolean passwordGenerated, Path passwordFile) {}

    /** The default organisation has a fixed id, so nodes starting together create it once. */
    static final TenantId DEFAULT =
            new TenantId(UUID.nameUUIDFromBytes("stockade:default-organisation".getBytes(StandardCharsets.UTF_8)));

    /** Creates an organisation with its first Admin; a missing password is generated into a mode-600 file. */
    public Created create(String name, FirstAdmin admin) {
        TenantId tenant = TenantId.random();
        tx.executeWithoutResult(s -> organisations.create(tenant, name));
        return registerFirstAdmin(tenant, admin);
    }

    /** The embedded default's first start; safe when several nodes start at once. */
    Created createDefault(FirstAdmin admin) {
        tx.executeWithoutResult(s -> organisations.create(DEFAULT, "Default organisation"));
        return registerFirstAdmin(DEFAULT, admin);
    }

    private Created registerFirstAdmin(TenantId tenant, FirstAdmin admin) {
        boolean generated = admin.password() == null || admin.password().isBlank();
        String password = generated ? generatePassword() : admin.password();
        Path file = null;
        if (generated) {
            file = properties.dataDir().resolve("secrets").resolve("initial-admin-password-" + admin.username());
            try {
                SecretFiles.write(file.toAbsolutePath(), password);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            passwords.check("password", password, admin.username(), admin.email());
        }
        UserId id = UserId.random();
        RegisterUserCommand register = new RegisterUserCommand(
                id, tenant, admin.username(), admin.email(), passwords.hash(password), Role.ADMIN, generated);
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(register)
                .andMetaData(Map.of(
                        AuditMetadata.SYSTEM_ACTOR,
                        "bootstrap",
                        AuditMetadata.TENANT_ID,
                        tenant.toString(),
                        AuditMetadata.USER_ID,
                        id.toString(),
                        AuditMetadata.ROLE,
                        Role.ADMIN.label())));
        return new Created(tenant, id, generated, file);
    }

    boolean anyUser() {
        return accounts.anyUser();
    }

    /** 24 characters from four classes: passes the policy and resists guessing. */
    static String generatePassword() {
        String token = SecretFiles.randomToken(18);
        return "Sk-" + token + "9a";
    }
}
