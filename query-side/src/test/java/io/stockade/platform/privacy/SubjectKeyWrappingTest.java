package io.stockade.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockade.api.common.UserId;
import io.stockade.platform.config.StartupRefusal;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Envelope encryption of the per-person keys on a real PostgreSQL (a database of its own: the start-up wrapping
 * rewrites every unwrapped key it finds). Each {@link SubjectKeys} plays one node, with its own cache.
 */
class SubjectKeyWrappingTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Provisioned db;
    private static DSLContext dsl;
    private static DataSourceTransactionManager tx;

    @BeforeAll
    static void database() {
        db = TestServices.newDatabase();
        String url = TestServices.jdbcUrl(db);
        Flyway.configure()
                .dataSource(url, db.ownerUser(), db.ownerPassword())
                .schemas("privacy")
                .defaultSchema("privacy")
                .createSchemas(true)
                .table("flyway_history")
                .locations("classpath:db/privacy")
                .load()
                .migrate();
        DriverManagerDataSource owner = new DriverManagerDataSource(url, db.ownerUser(), db.ownerPassword());
        dsl = DSL.using(new TransactionAwareDataSourceProxy(owner), SQLDialect.POSTGRES);
        tx = new DataSourceTransactionManager(owner);
    }

    @AfterAll
    static void drop() {
        TestServices.drop(db);
    }

    private static AesKeyWrapping newWrappingKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return AesKeyWrapping.fromSetting(Base64.getEncoder().encodeToString(key));
    }

    private static SubjectKeys node(KeyWrapping wrapping) {
        return new SubjectKeys(dsl, tx, wrapping);
    }

    private static Record2<byte[], String> stored(UserId person) {
        return dsl.select(DSL.field("key_bytes", byte[].class), DSL.field("wrapped_by", String.class))
                .from("privacy.subject_key")
                .where(DSL.field("subject_id").eq(person.value()))
                .fetchOne();
    }

    @Test
    void shouldStoreOnlyTheWrappedKeyAndOpenItOnAnotherNodeWithTheSameWrappingKey() {
        AesKeyWrapping wrapping = newWrappingKey();
        UserId person = UserId.random();

        byte[] key = node(wrapping).keyForWriting(person);

        Record2<byte[], String> row = stored(person);
        assertThat(row.value2()).isEqualTo(wrapping.name());
        assertThat(row.value1()).hasSize(60).isNotEqualTo(key);
        assertThat(node(wrapping).keyForReading(person)).contains(key);
        // A value sealed on one node opens on another: the events' side of the envelope is unchanged.
        String sealed = new PersonalDataCipher(node(wrapping)).encrypt(person, "ann@example.test");
        assertThat(new PersonalDataCipher(node(wrapping)).decrypt(person, sealed))
                .contains("ann@example.test");
    }

    @Test
    void shouldRefuseRatherThanReadAsErasedOnANodeWithoutTheWrappingKey() {
        UserId person = UserId.random();
        node(newWrappingKey()).keyForWriting(person);

        assertThatThrownBy(() -> node(KeyWrapping.NONE).keyForReading(person))
                .isInstanceOf(KeyWrapping.UnopenableKeyException.class)
                .hasMessageContaining(AesKeyWrapping.SETTING);
        assertThatThrownBy(() -> node(newWrappingKey()).keyForReading(person))
                .isInstanceOf(KeyWrapping.UnopenableKeyException.class)
                .hasMessageContaining(AesKeyWrapping.SETTING);
    }

    @Test
    void shouldStopTheStartOfANodeThatCouldNotOpenTheStoredKeysNamingTheSetting() {
        node(newWrappingKey()).keyForWriting(UserId.random());
        assertThatThrownBy(() ->
                        new StoredKeysCheck(node(KeyWrapping.NONE), KeyWrapping.NONE).afterSingletonsInstantiated())
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining(AesKeyWrapping.SETTING)
                .hasMessageContaining("are wrapped by aes-gcm:")
                .hasMessageContaining("no wrapping key");
        AesKeyWrapping other = newWrappingKey();
        assertThatThrownBy(() -> new StoredKeysCheck(node(other), other).afterSingletonsInstantiated())
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining(other.name());
    }

    @Test
    void shouldWrapKeysStoredBeforeAWrappingKeyWasSetOnceEvenWithTwoNodesStartingTogether() {
        List<UserId> people = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        SubjectKeys before = node(KeyWrapping.NONE);
        for (int i = 0; i < 40; i++) {
            UserId person = UserId.random();
            people.add(person);
            keys.add(before.keyForWriting(person));
        }
        assertThat(stored(people.get(0)).value2()).isNull();
        assertThat(stored(people.get(0)).value1()).isEqualTo(keys.get(0));
        AesKeyWrapping wrapping = newWrappingKey();
        assertThat(node(wrapping).keyForReading(people.get(0)))
                .as("still readable before the start-up wrapping")
                .contains(keys.get(0));

        CompletableFuture<Integer> first =
                CompletableFuture.supplyAsync(() -> node(wrapping).wrapStoredKeys());
        CompletableFuture<Integer> second =
                CompletableFuture.supplyAsync(() -> node(wrapping).wrapStoredKeys());

        assertThat(first.join() + second.join())
                .as("each key wrapped exactly once")
                .isEqualTo(40);
        assertThat(node(wrapping).wrapStoredKeys()).isZero();
        for (int i = 0; i < people.size(); i++) {
            Record2<byte[], String> row = stored(people.get(i));
            assertThat(row.value2()).isEqualTo(wrapping.name());
            assertThat(row.value1()).isNotEqualTo(keys.get(i));
            assertThat(node(wrapping).keyForReading(people.get(i))).contains(keys.get(i));
        }
    }

    @Test
    void shouldEraseAWrappedKeyLikeAnyOther() {
        AesKeyWrapping wrapping = newWrappingKey();
        UserId person = UserId.random();
        node(wrapping).keyForWriting(person);

        node(wrapping).destroy(person);

        Record2<byte[], String> row = stored(person);
        assertThat(row.value1()).isNull();
        assertThat(row.value2()).isNull();
        assertThat(node(wrapping).keyForReading(person)).isEmpty();
        assertThat(node(KeyWrapping.NONE).keyForReading(person))
                .as("erased reads as erased everywhere")
                .isEmpty();
        assertThatThrownBy(() -> node(wrapping).keyForWriting(person))
                .isInstanceOf(SubjectKeys.ErasedSubjectException.class);
    }
}
